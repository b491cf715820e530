//! Key tests. Expected values were checked against tmux 3.3a on a private socket.

mod decode;
mod encode;
mod fuzz;
mod names;
mod typed;
