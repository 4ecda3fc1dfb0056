//! The `certkit` command line: the same core as the web app, for CI pipelines.
fn main() {
    println!("certkit {}", certkit::VERSION);
}
