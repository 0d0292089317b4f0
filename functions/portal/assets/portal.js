// The portal's only script: GOV.UK Frontend's components (error summary focus, conditional reveals, the skip link).
// Every page works without it.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
