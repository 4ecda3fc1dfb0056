//! Entry point of the validation worker (see `certkit_www::worker`).
fn main() {
    certkit_www::worker::start();
}
