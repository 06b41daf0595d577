// Yggdrasil executor for the LLM host: Ollama deploy, models, inference, GPU checks. Not built yet: see the open issues.
export {};
