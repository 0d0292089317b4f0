/**
 * The shape the code keeps (npm run deps; .ci/run runs it): the core imports nothing outside itself but packages
 * that are not AWS's; handlers import the core and the adapters; the stack (lib/) imports no handler; and nothing
 * imports itself round a circle, type imports included.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A circle of imports: shared types belong in a module of their own, rules in the concern they belong to.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'functions/core is the pure domain: it imports nothing of the adapters, handlers, the stack or the local runner, and no AWS SDK.',
      from: { path: '^functions/core/' },
      to: {
        pathNot: ['^functions/core/', '^node_modules/(?!@aws-sdk/|aws-cdk-lib|@aws-lambda-powertools/)'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'handlers-import-core-and-adapters',
      severity: 'error',
      comment:
        'A handler parses its input, calls the core and talks to AWS through the adapters: it imports nothing of lib/ or local/, and no other handler but the shared input schemas.',
      from: { path: '^functions/handlers/' },
      to: { path: '^(lib|local|bin|scripts)/' },
    },
    {
      name: 'portal-imports-core-and-adapters',
      severity: 'error',
      comment:
        'The portal (functions/portal: its app, routes and views) is one more entry over the same core and adapters: it imports nothing of the handlers, lib/ or local/, so the same app runs on Lambda and locally.',
      from: { path: '^functions/portal/' },
      to: { path: ['^functions/handlers/', '^(lib|local|bin|scripts)/'] },
    },
    {
      name: 'adapters-import-no-handler',
      severity: 'error',
      comment: 'The adapters are below the handlers and the portal.',
      from: { path: '^functions/adapters/' },
      to: { path: '^(functions/handlers|functions/portal|lib|local|bin|scripts)/' },
    },
    {
      name: 'lib-imports-no-handler',
      severity: 'error',
      comment: "The stack names each handler's module by path; it never imports one.",
      from: { path: '^lib/' },
      to: { path: '^(functions/handlers|local)/' },
    },
    {
      name: 'local-runner-loads-no-cdk',
      severity: 'error',
      comment:
        "The local runner loads the CDK only to synthesize (local/synthesis.ts, imported when the template cache misses): of lib/ it reads the stages' table and the config, which import no construct, so a constant it needs lives there, not in a construct.",
      from: { path: '^local/', pathNot: '^local/synthesis\\.ts$' },
      to: { path: ['^lib/(?!config\\.ts$|stages\\.ts$)', '^node_modules/(aws-cdk-lib|constructs)/'] },
    },
    {
      name: 'runner-tables-import-no-cdk',
      severity: 'error',
      comment:
        'lib/stages.ts and lib/config.ts are read by the local runner as well as the stack: no construct, no CDK.',
      from: { path: '^lib/(config|stages)\\.ts$' },
      to: { path: ['^lib/(?!config\\.ts$|stages\\.ts$)', '^node_modules/(aws-cdk-lib|constructs)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(cdk\\.out|out)/' },
  },
};
