// Runs in the harness page before the webview's script: a stand-in for VS Code's
// `acquireVsCodeApi` that records posted messages, plus hooks the tests drive.
(() => {
  const posted = [];
  let saved = window.__initialVsCodeState;
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  window.acquireVsCodeApi = () => ({
    // structuredClone, as VS Code's postMessage: a Svelte $state proxy cannot be cloned there and must fail here too.
    postMessage: (message) => posted.push(structuredClone(message)),
    getState: () => saved,
    setState: (state) => {
      saved = JSON.parse(JSON.stringify(state));
    },
  });
  // Counts DOM changes, so a test can wait until the page has settled (see harness.ts `post`).
  let mutations = 0;
  const watch = () => new MutationObserver((records) => (mutations += records.length)).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  if (document.documentElement) watch();
  else document.addEventListener("DOMContentLoaded", watch);
  window.__harness = {
    posted,
    mutations: () => mutations,
    violations,
    /** Delivers a host message the way VS Code does: a `message` event on the window. */
    post(message) {
      window.dispatchEvent(new MessageEvent("message", { data: message }));
    },
    clearPosted() {
      posted.length = 0;
    },
    savedState: () => saved,
    setTheme(vars, bodyClass) {
      const apply = () => {
        for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
        document.body.classList.remove("vscode-light", "vscode-dark", "vscode-high-contrast");
        document.body.classList.add(bodyClass);
      };
      if (document.body && document.documentElement) apply();
      else document.addEventListener("DOMContentLoaded", apply);
    },
  };
})();
