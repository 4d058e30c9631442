//! `openledger-node`: runs an OpenLedger validator or full node.

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod equivocation;
mod network_spec;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
