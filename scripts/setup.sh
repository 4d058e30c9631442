#!/usr/bin/env bash
# Installs everything a fresh machine needs to build and test OpenLedger. Idempotent: every
# step checks first and does nothing when its result is already there.
#
# The runtime is compiled to wasm (`wasm32v1-none`). Where rustup can add that target we use it;
# on offline machines (no rustup downloads) we use Debian's `rustc-web` and build the target's
# sysroot from its shipped library source, as recorded in docs/build.md.
set -euo pipefail

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
need_root() { if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi; }

apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "apt-get install ${missing[*]}"
	need_root apt-get update -qq
	need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# protoc: litep2p's build script. curl: the scripts' RPC calls. Node.js: the polkadot.js tests.
apt_install protobuf-compiler curl
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

if ! command -v cargo >/dev/null; then
	echo "cargo not found: install rustup (https://rustup.rs) first" >&2
	exit 1
fi
# Formatting follows polkadot-sdk's .rustfmt.toml, whose options need nightly rustfmt (only
# rustfmt: the code builds on stable). Not fatal where nightly cannot be fetched.
if ! rustup run nightly rustfmt --version >/dev/null 2>&1; then
	rustup toolchain install nightly --profile minimal --component rustfmt >/dev/null 2>&1 ||
		log "nightly rustfmt unavailable: scripts/test.sh will skip the format check"
fi

# --- wasm toolchain -------------------------------------------------------------------------
WASM_ENV_FILE="${WASM_ENV_FILE:-$HOME/.openledger-wasm-env}"
# OPENLEDGER_WASM_TOOLCHAIN=debian forces the offline path (used to test it on any machine).
if [ "${OPENLEDGER_WASM_TOOLCHAIN:-}" != debian ] &&
	rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none; then
	log "wasm32v1-none target already installed in rustup"
	: > "$WASM_ENV_FILE"
elif [ "${OPENLEDGER_WASM_TOOLCHAIN:-}" != debian ] && rustup target add wasm32v1-none >/dev/null 2>&1; then
	log "installed wasm32v1-none with rustup"
	: > "$WASM_ENV_FILE"
else
	log "rustup cannot fetch wasm32v1-none here: using Debian's rustc-web with a self-built sysroot"
	apt_install rustc-web cargo-web rust-web-src lld-22

	rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr

	# rustc links wasm with `rust-lld`, which Debian ships only as lld-22's `lld`.
	host_bin=/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin
	if [ ! -x "$host_bin/rust-lld" ]; then
		need_root mkdir -p "$host_bin"
		need_root ln -sf /usr/lib/llvm-22/bin/lld "$host_bin/rust-lld"
	fi

	sysroot=/usr/lib/rustlib/wasm32v1-none/lib
	stamp="$sysroot/.openledger-stamp"
	want="$(rustup run debian-web rustc --version) embed-bitcode"
	if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		log "building the wasm32v1-none sysroot for $(rustup run debian-web rustc --version) (about 1 minute)"
		work=$(mktemp -d)
		mkdir -p "$work/src"
		printf '[package]\nname = "sysroot"\nversion = "0.0.0"\nedition = "2021"\n[profile.release]\npanic = "abort"\n' > "$work/Cargo.toml"
		printf '#![no_std]\n' > "$work/src/lib.rs"
		# -Cembed-bitcode=yes: the runtime is linked with LTO, which needs the bitcode section.
		(cd "$work" && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$work/target" \
			RUSTFLAGS="-Cembed-bitcode=yes -Zforce-unstable-if-unmarked" \
			rustup run debian-web cargo build -q --release --target wasm32v1-none -Zbuild-std=core,alloc)
		need_root rm -rf "$sysroot"
		need_root mkdir -p "$sysroot"
		for lib in core alloc compiler_builtins; do
			need_root cp "$work"/target/wasm32v1-none/release/deps/lib"$lib"-*.rlib "$sysroot/"
		done
		echo "$want" | need_root tee "$stamp" >/dev/null
		rm -rf "$work"
		# Artifacts built against an older sysroot fail with E0463: rebuild them.
		rm -rf "${CARGO_TARGET_DIR:-/var/tmp/openledger-target}"/*/wbuild
	else
		log "wasm32v1-none sysroot is up to date ($want)"
	fi
	echo "export WASM_BUILD_TOOLCHAIN=debian-web" > "$WASM_ENV_FILE"
fi

# --- npm packages: polkadot.js for the contributor client and the end-to-end tests, the
# explorer's indexer and web app --------------------------------------------------------------
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for dir in scripts/client tests/e2e indexer web; do npm_ci_once "$ROOT/$dir"; done

# The explorer's database and the browser its tests drive (Debian's; never a browser download).
apt_install postgresql chromium

# --- async-substrate-interface for the Python client check -----------------------------------
# A virtual environment of its own, keyed by the requirements file like the npm packages.
venv="${OPENLEDGER_PYTHON_VENV:-$HOME/.openledger-python}"
req="$ROOT/tests/python/requirements.txt"
req_sum=$(sha256sum "$req" | cut -d' ' -f1)
if [ "$(cat "$venv/.openledger-stamp" 2>/dev/null)" != "$req_sum" ]; then
	python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
	log "python venv $venv ($(tr '\n' ' ' < "$req"))"
	python3 -m venv "$venv"
	"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
	echo "$req_sum" > "$venv/.openledger-stamp"
else
	log "python packages are up to date ($venv)"
fi

log "done"
