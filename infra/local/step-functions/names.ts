// The naming rule AWS applies to state machine and execution names: 1–80 characters, none of
// whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or control characters.
export const RESOURCE_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;
