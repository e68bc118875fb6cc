export {
  buildReferencePage,
  REDOC_CDN_LOGO,
  redocStandalone,
  OPENAPI_SOURCE,
  REDOC_OPTIONS,
  REFERENCE_PAGE,
  renderReferencePage,
  scriptSafe,
} from "./reference-page.js";
