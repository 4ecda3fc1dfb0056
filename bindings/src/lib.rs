//! The JavaScript API of certkit (built into `pkg/`).
