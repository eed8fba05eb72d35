/** English words of the setup feature. */
export const en = {
  // setup and login
  "setup.title": "Set up Continuum",
  "setup.intro": "Create the first administrator and your organization. There is no default password: this account is the only way in.",
  "setup.organization": "Organization name",
  "setup.organizationHint": "For example: Kakao Corp. You can add more organizations later.",
  "setup.organizationDemoHint": "Optional: the demo organization (Kakao and the 2022 Pangyo fire) is ready to explore; name your own to start one beside it.",
  "setup.name": "Your name",
  "setup.submit": "Create administrator",
  "login.title": "Sign in",
  "login.intro": "Sign in to your organization's continuity model.",
  "login.submit": "Sign in",
  "login.missing": "Enter your email and password.",
  "login.wrong": "Wrong email or password.",
  "login.forgot": "Forgot your password? Your organization's admin can reset it (a site administrator, if you belong to several organizations).",
} as const;
