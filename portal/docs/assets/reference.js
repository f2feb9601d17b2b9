/* global SwaggerUIBundle, document, window, fetch, URL -- a browser script, loaded by the /docs page */
// Starts Swagger UI on the API reference page (/docs). A file, not an inline script, because the
// page's content security policy allows scripts from this server only.
'use strict';

(function startApiReference() {
  const SESSION_TOKEN_HEADER = 'x-tidepool-session-token';
  const SESSION_TOKEN_SCHEME = 'sessionToken';
  const LOGOUT_PATHS = ['/auth/logout', '/auth/logout/all'];
  const container = document.getElementById('api-reference');
  if (container === null) return;
  const documentUrl = container.dataset.openapiUrl;

  function showFailure(message) {
    const paragraph = document.createElement('p');
    paragraph.className = 'page-text';
    paragraph.setAttribute('role', 'alert');
    paragraph.textContent = `The API reference could not be shown (${message}). The OpenAPI document is at ${documentUrl}.`;
    container.replaceChildren(paragraph);
  }

  fetch(documentUrl, { headers: { accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) throw new Error(`${documentUrl} answered ${response.status}`);
      return response.json();
    })
    .then((openApiDocument) => {
      // "Try it out" must call the platform that serves this page (styx), whatever address the
      // committed document names first: put this origin first, keep the others to choose from.
      const origin = window.location.origin;
      const others = (openApiDocument.servers || []).filter((server) => server.url !== origin);
      openApiDocument.servers = [{ url: origin, description: 'This platform' }, ...others];

      container.replaceChildren();
      const ui = SwaggerUIBundle({
        spec: openApiDocument,
        domNode: container,
        deepLinking: true,
        docExpansion: 'list',
        displayRequestDuration: true,
        filter: true,
        // No validator badge: it would send the document to another host.
        validatorUrl: null,
        // The token stays in this page's memory; medical data must not outlive the tab in storage.
        persistAuthorization: false,
        // Login, signup and refresh answer a session token in a header: use it for the next calls,
        // as the SDK does, so that the reference can be tried without copying tokens by hand.
        responseInterceptor(response) {
          const token = response.headers && response.headers[SESSION_TOKEN_HEADER];
          if (response.ok && typeof token === 'string' && token !== '') {
            ui.preauthorizeApiKey(SESSION_TOKEN_SCHEME, token);
          } else if (response.ok && LOGOUT_PATHS.includes(new URL(response.url).pathname)) {
            ui.authActions.logout([SESSION_TOKEN_SCHEME]);
          }
          return response;
        },
      });
    })
    .catch((error) => {
      showFailure(error instanceof Error ? error.message : String(error));
    });
})();
