// Yggdrasil executor for the development host: git, tests, code review. Not built yet: see the open issues.
export {};
