//! certkit's web app. Two wasm binaries share this crate:
//!
//! - `certkit-app` (feature `app`): the Yew UI on the main thread. It never parses a sample;
//!   it renders what the core computes.
//! - `certkit-worker` (feature `worker`): a module Web Worker that reads the dropped `File`
//!   in slices and runs the core's validator, so the page stays responsive and memory stays
//!   bounded whatever the file's size.
//!
//! [`protocol`] is what they share: the messages between them (and [`worker_error`], how
//! either reads a worker's `error` event).

pub mod protocol;
pub mod worker_error;

#[cfg(feature = "app")]
pub mod app;

#[cfg(feature = "worker")]
pub mod worker;
