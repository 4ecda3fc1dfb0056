//! A wake-up call from a message handler to the run that awaits it.
//!
//! The worker's run is async only so that messages (file slices, the profile worker's
//! acknowledgements) can arrive between batches. It waits in a loop: check the shared
//! state, and if what it needs is not there, `wait` until a handler calls `notify`. The
//! worker has one thread, so no message can slip in between the check and the wait.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Default, Clone)]
pub struct Signal(Rc<RefCell<Option<Function>>>);

impl Signal {
    /// Wakes the run waiting, if one is.
    pub fn notify(&self) {
        if let Some(wake) = self.0.borrow_mut().take() {
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    }

    /// Returns after the next `notify`.
    pub async fn wait(&self) {
        let slot = Rc::clone(&self.0);
        let woken = Promise::new(&mut |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        });
        // The promise is only ever resolved.
        let _ = JsFuture::from(woken).await;
    }
}
