export {
  buildReferencePage,
  openApiSource,
  openApiSources,
  REDOC_CDN_LOGO,
  REDOC_OPTIONS,
  REFERENCE_PAGE,
  redocStandalone,
  renderReferencePage,
  scriptSafe,
} from "./reference-page.js";
