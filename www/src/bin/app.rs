//! Entry point of the web app's UI (see `certkit_www::app`).
fn main() {
    certkit_www::app::start();
}
