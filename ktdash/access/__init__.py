"""Layer 3 — who may do what: accounts and sessions, permission rules, the audit log, backup and restore."""
