// HTTP agent framework every Yggdrasil executor is built on. Not built yet: see the open issues.
export {};
