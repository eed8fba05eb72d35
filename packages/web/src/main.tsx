import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { I18nProvider } from "./app/i18n";
import { Router } from "./app/router";
import { SessionProvider } from "./app/session";
import "pretendard/dist/web/variable/pretendardvariable-dynamic-subset.css";
import "./app/styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <Router>
          <App />
        </Router>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
