/** A page that fails to render shows what happened and a way out, instead of a blank screen. */
import { Component, type ReactNode } from "react";
import { translate, type Lang } from "./i18n";

export class ErrorBoundary extends Component<{ children: ReactNode; lang: Lang; resetKey: string }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }
  override render() {
    if (!this.state.error) return this.props.children;
    const t = (k: Parameters<typeof translate>[1]) => translate(this.props.lang, k);
    return (
      <div className="alert alert-error" role="alert">
        <strong>{t("common.error")}</strong>
        <p>{this.state.error.message}</p>
        <button type="button" className="btn" onClick={() => window.location.reload()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
}
