// Files imported `with { type: "file" }` are embedded by `bun build
// --compile`; the import's value is the path to read them from.
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const path: string;
  export default path;
}
