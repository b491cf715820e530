//! ccmux: parse the command line, run it, map the outcome to an exit status.

mod attach_client;
mod cli;
mod client;
mod cmd;
mod config;
mod keeper;
mod paths;
mod server;

use clap::Parser;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("__server") {
        let socket = args
            .get(2)
            .map(std::path::PathBuf::from)
            .unwrap_or_default();
        let config = args.get(3).map(std::path::PathBuf::from);
        if let Err(e) = server::run(socket, config) {
            eprintln!("ccmux server: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("__keeper") {
        let socket = args
            .get(2)
            .map(std::path::PathBuf::from)
            .unwrap_or_default();
        if let Err(e) = keeper::run(&socket) {
            eprintln!("ccmux keeper: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    let cli = cli::Cli::parse();
    let words = client::command_words(&args);
    match client::run(cli, words) {
        Ok(status) => std::process::exit(status),
        Err(e) => {
            eprintln!("ccmux: {e:#}");
            std::process::exit(1);
        }
    }
}
