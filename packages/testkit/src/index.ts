// Test support for Yggdrasil: the bd emulator and fakes of outside services (private). Not built yet: see the open issues.
export {};
