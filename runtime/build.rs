//! Builds the runtime's wasm blob (embedded in the node as `WASM_BINARY`) and, when
//! `OPENLEDGER_NEXT_RUNTIME` is set, the upgrade rehearsal's blob beside it.

#[cfg(feature = "std")]
fn main() {
	use substrate_wasm_builder::WasmBuilder;

	build(WasmBuilder::init_with_defaults());
	// The runtime-upgrade rehearsal (scripts/next-runtime.sh, tests/e2e/network.test.mjs) needs
	// this runtime one spec version up. Building it here, as one more wasm compilation of this
	// crate with `next-spec-version`, shares every dependency with the node's wasm; a blob name of
	// its own (`openledger_runtime_next.compact.compressed.wasm`) keeps it from replacing the
	// node's. Only scripts/test.sh and scripts/next-runtime.sh ask for it, so a developer's build
	// does not pay for it.
	println!("cargo:rerun-if-env-changed=OPENLEDGER_NEXT_RUNTIME");
	if std::env::var_os("OPENLEDGER_NEXT_RUNTIME").is_some() {
		build(
			WasmBuilder::init_with_defaults()
				.enable_feature("next-spec-version")
				.set_file_name("openledger_runtime_next"),
		);
	}
}

#[cfg(feature = "std")]
fn build(builder: substrate_wasm_builder::WasmBuilder) {
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("OPEN", 18);
	builder.build();
}

/// The wasm build itself needs no build script.
#[cfg(not(feature = "std"))]
fn main() {}
