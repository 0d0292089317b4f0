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
      name: 'adapters-import-no-handler',
      severity: 'error',
      comment: 'The adapters are below the handlers.',
      from: { path: '^functions/adapters/' },
      to: { path: '^(functions/handlers|lib|local|bin|scripts)/' },
    },
    {
      name: 'lib-imports-no-handler',
      severity: 'error',
      comment: "The stack names each handler's module by path; it never imports one.",
      from: { path: '^lib/' },
      to: { path: '^(functions/handlers|local)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(cdk\\.out|out)/' },
  },
};
