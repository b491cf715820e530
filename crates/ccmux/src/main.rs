//! ccmux: parse the command line, run it, map the outcome to an exit status.

mod alloc;
mod attach_client;
mod cli;
mod client;
mod cmd;
mod code_pages;
mod config;
mod control_client;
mod docs;
#[cfg(test)]
mod fuzz_targets;
mod keeper;
mod paths;
mod restore_rules;
mod server;

#[global_allocator]
static ALLOC: alloc::Alloc = alloc::Alloc;

fn main() {
    let mut args = std::env::args_os().skip(1).peekable();
    let internal = args
        .peek()
        .and_then(|a| a.to_str())
        .filter(|a| *a == "__server" || *a == "__keeper")
        .map(String::from);
    if let Some(role) = internal {
        let rest: Vec<std::path::PathBuf> = args.skip(1).map(std::path::PathBuf::from).collect();
        let socket = rest.first().cloned().unwrap_or_default();
        let result = if role == "__server" {
            server::run(socket, rest.get(1..).unwrap_or_default().to_vec())
        } else {
            keeper::run(&socket)
        };
        if let Err(e) = result {
            eprintln!("ccmux {}: {e:#}", role.trim_start_matches('_'));
            std::process::exit(1);
        }
        return;
    }
    let cli = match cli::Cli::parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("ccmux: {e}");
            std::process::exit(1);
        }
    };
    if cli.help {
        print!("{}", cli::help());
        return;
    }
    if cli.version {
        println!("{}", cli::version_line());
        return;
    }
    // Generated documentation, no server needed.
    match cli.words.first().map(String::as_str) {
        Some("man") if cli.words.len() == 1 => {
            print!("{}", docs::man_page());
            return;
        }
        Some("completions") => match docs::completions(cli.words.get(1).map_or("", String::as_str))
        {
            Ok(script) => {
                print!("{script}");
                return;
            }
            Err(e) => {
                eprintln!("ccmux: {e}");
                std::process::exit(1);
            }
        },
        _ => {}
    }
    match client::run(cli) {
        Ok(status) => std::process::exit(status),
        Err(e) => {
            eprintln!("ccmux: {e:#}");
            std::process::exit(1);
        }
    }
}
