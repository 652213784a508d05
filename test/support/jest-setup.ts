// The SDK is pinned; its Node 22 advice is documented in the README rather than printed by every test file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
