// The credential provider of the Lambda bundles. In Lambda the execution role's temporary
// credentials are in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
// which is where the SDK's default chain looks first. The bundles swap the whole chain (SSO, SSO-OIDC,
// STS, INI files, process, IMDS, ECS: about 128 KB of minified code a handler never runs) for this
// one link, by an esbuild alias of @aws-sdk/credential-provider-node (infra/constructs/handler-bundling.ts;
// aws/aws-sdk-js-v3#5516). The local stack and the tests run the sources, with the full chain.
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
