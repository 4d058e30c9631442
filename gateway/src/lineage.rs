//! A model version's lineage as indexes: each Datanet version's files fetched (from a local
//! directory by content hash, else by the contribution's URI), checked against the chain's
//! commitments, indexed, and cached on disk under the version's Merkle root.

use openledger_attribution_engine::{
	blake2_256, commits_to, content_root, hex, merkle, ContributionText, Index, IndexMeta, Verify,
};
use openledger_client::Chain;
use std::{
	collections::BTreeMap,
	io::Read,
	path::{Path, PathBuf},
	time::Instant,
};

/// Where files come from.
#[derive(Debug, Clone)]
pub struct Sources {
	/// A directory searched (recursively) for files by their content hash, before any URI.
	pub dir: Option<PathBuf>,
	/// The HTTP gateway `ipfs://CID/path` is fetched through, as `<gateway>/ipfs/CID/path`.
	pub ipfs_gateway: String,
}

/// A model version, ready to answer and attribute.
pub struct Lineage {
	/// The model version's layers: its own lineage's indexes, then (for an adapter) its base's.
	pub layers: Vec<Vec<Index>>,
	/// Every lineage contribution's URI on chain, for citations.
	pub uris: BTreeMap<u64, String>,
}

impl Lineage {
	/// Every index, the layers one after the other: what an answer is attributed against.
	pub fn indexes(&self) -> Vec<&Index> {
		self.layers.iter().flatten().collect()
	}

	/// The layers as the ∞-gram model and `model_hash` take them.
	pub fn layer_refs(&self) -> Vec<Vec<&Index>> {
		self.layers.iter().map(|layer| layer.iter().collect()).collect()
	}
}

/// A model version as the chain registers it.
pub struct Registered {
	/// Its Datanet versions as layers: its own lineage, then (for an adapter) its base's.
	pub layers: Vec<Vec<(u32, u32)>>,
	/// The artifact hash it was registered with.
	pub artifact_hash: [u8; 32],
}

/// Version `version` of model `model`, as registered.
pub fn registered(chain: &Chain, model: u32, version: u32) -> Result<Registered, String> {
	let info = chain
		.model_version(model, version)?
		.ok_or_else(|| format!("model {model} has no version {version}"))?;
	let own = info.lineage.iter().map(|e| (e.datanet, e.version)).collect();
	let base = info.base.map(|b| (b.model, b.version));
	Ok(Registered { layers: layers_of(chain, own, base)?, artifact_hash: info.artifact_hash.0 })
}

/// The layers of a model on the Datanet versions `own`: those, then for an adapter on model
/// version `base` that version's lineage.
pub fn layers_of(
	chain: &Chain,
	own: Vec<(u32, u32)>,
	base: Option<(u32, u32)>,
) -> Result<Vec<Vec<(u32, u32)>>, String> {
	let mut layers = vec![own];
	if let Some((model, version)) = base {
		let lineage = chain.lineage(model, version)?;
		layers.push(lineage.iter().map(|e| (e.datanet, e.version)).collect());
	}
	Ok(layers)
}

/// Loads the indexes of `layers` (Datanet versions), each from the cache in `cache` or built
/// anew from its files.
pub fn load(
	chain: &Chain,
	layers: &[Vec<(u32, u32)>],
	sources: &Sources,
	cache: &Path,
) -> Result<Lineage, String> {
	let mut local = LocalFiles::new(sources);
	let mut uris = BTreeMap::new();
	let mut loaded = Vec::new();
	for entries in layers {
		let mut layer = Vec::new();
		for &(datanet, version) in entries {
			layer.push(version_index(chain, datanet, version, cache, &mut local, &mut uris)?);
		}
		loaded.push(layer);
	}
	Ok(Lineage { layers: loaded, uris })
}

/// The index of one published Datanet version: the cached one if it lists exactly what the
/// chain does, else built from the files.
fn version_index(
	chain: &Chain,
	datanet: u32,
	version: u32,
	cache: &Path,
	local: &mut LocalFiles,
	uris: &mut BTreeMap<u64, String>,
) -> Result<Index, String> {
	let published = chain
		.version(datanet, version)?
		.ok_or_else(|| format!("Datanet {datanet} has no published version {version}"))?;
	let listed = chain.version_contributions(datanet, version, published.contributions)?;
	let hashes: Vec<[u8; 32]> = listed.iter().map(|(_, c)| c.content_hash.0).collect();
	if merkle::root(&hashes) != published.merkle_root.0 {
		return Err(format!(
			"the node listed contributions of Datanet {datanet} version {version} that do not \
			 match its Merkle root"
		));
	}
	for (id, c) in &listed {
		uris.insert(*id, String::from_utf8_lossy(&c.uri).into_owned());
	}
	let root = published.merkle_root.0;
	let path = cache.join(format!("datanet-{datanet}-v{version}-{}.idx", &hex(&root)[2..18]));
	let lists_the_chains = |index: &Index| {
		index.meta == IndexMeta { datanet, version, merkle_root: root } &&
			index
				.contributions
				.iter()
				.map(|c| (c.id, c.content_hash, c.size_bytes))
				.eq(listed.iter().map(|(id, c)| (*id, c.content_hash.0, c.size_bytes)))
	};
	if path.exists() {
		match open(&path) {
			Ok(index) if lists_the_chains(&index) => {
				tracing::info!(datanet, version, path = %path.display(), "index from the cache");
				return Ok(index);
			},
			Ok(_) =>
				tracing::warn!(path = %path.display(), "cached index is of other data: rebuilding"),
			Err(e) =>
				tracing::warn!(path = %path.display(), error = %e, "cached index unreadable: rebuilding"),
		}
	}

	let started = Instant::now();
	let total: u64 = listed.iter().map(|(_, c)| c.size_bytes).sum();
	tracing::info!(
		datanet,
		version,
		files = listed.len(),
		bytes = total,
		"fetching the version's files"
	);
	let (mut texts, mut fetched, mut reported) = (Vec::new(), 0u64, 0u64);
	for (id, c) in &listed {
		let bytes = checked_file(*id, c, local)?;
		fetched += bytes.len() as u64;
		texts.push(ContributionText { id: *id, content_hash: c.content_hash.0, bytes });
		// A progress line each tenth of the bytes.
		if total > 0 && fetched * 10 / total > reported {
			reported = fetched * 10 / total;
			tracing::info!(datanet, version, "fetched {} of {} bytes", fetched, total);
		}
	}
	tracing::info!(datanet, version, "indexing");
	let index = Index::build(IndexMeta { datanet, version, merkle_root: root }, texts)
		.map_err(|e| format!("Datanet {datanet} version {version}: {e}"))?;
	std::fs::create_dir_all(cache)
		.map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
	index.write(&path).map_err(|e| e.to_string())?;
	tracing::info!(
		datanet,
		version,
		tokens = index.token_count(),
		seconds = started.elapsed().as_secs_f64(),
		path = %path.display(),
		"indexed"
	);
	// Served from the file, memory-mapped, like every later start.
	open(&path)
}

/// The files of the local directory (`Sources::dir`) by hash, listed on first use only: a
/// lineage load or a challenge's answer reads the directory once, however many files it needs.
pub struct LocalFiles<'a> {
	sources: &'a Sources,
	by_hash: Option<BTreeMap<[u8; 32], PathBuf>>,
}

impl<'a> LocalFiles<'a> {
	/// Files from `sources`, not listed yet.
	pub fn new(sources: &'a Sources) -> LocalFiles<'a> {
		LocalFiles { sources, by_hash: None }
	}

	/// The local file whose content hash (or plain hash) is `hash`, if any.
	fn get(&mut self, hash: &[u8; 32]) -> Result<Option<&PathBuf>, String> {
		if self.by_hash.is_none() {
			self.by_hash = Some(match &self.sources.dir {
				Some(dir) => files_by_hash(dir)?,
				None => BTreeMap::new(),
			});
		}
		Ok(self.by_hash.as_ref().and_then(|by_hash| by_hash.get(hash)))
	}
}

/// The file of contribution `id`, from the local directory or its URI, checked against its
/// commitment on chain (size and content hash).
pub fn contribution_file(
	chain: &Chain,
	id: u64,
	local: &mut LocalFiles,
) -> Result<Vec<u8>, String> {
	let c = chain
		.contribution(id)?
		.ok_or_else(|| format!("contribution {id} does not exist"))?;
	checked_file(id, &c, local)
}

/// The file of contribution `id`, `c` as the chain records it: from the local directory or its
/// URI, refused unless it has the size and content hash `c` commits to.
fn checked_file(
	id: u64,
	c: &pallet_datanets::Contribution<openledger_runtime::Runtime>,
	local: &mut LocalFiles,
) -> Result<Vec<u8>, String> {
	let uri = String::from_utf8_lossy(&c.uri).into_owned();
	let what = format!("contribution {id} of Datanet {}", c.datanet);
	let bytes = match local.get(&c.content_hash.0)? {
		Some(path) =>
			std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
		None => fetch(&uri, c.size_bytes, local.sources).map_err(|e| format!("{what}: {e}"))?,
	};
	if bytes.len() as u64 != c.size_bytes || !commits_to(&bytes, &c.content_hash.0) {
		return Err(format!(
			"{what}: the file from {uri:?} does not match its commitment on chain ({} bytes, \
			 content hash {})",
			c.size_bytes,
			hex(&c.content_hash.0)
		));
	}
	Ok(bytes)
}

/// A cached index, memory-mapped. Its structure is checked, not its suffix order (a minute's
/// work on gigabytes): the cache holds only files this program built and wrote whole.
fn open(path: &Path) -> Result<Index, String> {
	Index::open(path, Verify::Structure).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dir` by the hashes a contribution may commit to it by: its content root,
/// and for a file over 1 KiB also its plain BLAKE2-256 (contributions before content roots).
fn files_by_hash(dir: &Path) -> Result<BTreeMap<[u8; 32], PathBuf>, String> {
	let mut found = BTreeMap::new();
	let mut pending = vec![dir.to_path_buf()];
	while let Some(dir) = pending.pop() {
		let entries =
			std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
		for entry in entries.flatten() {
			let path = entry.path();
			if path.is_dir() {
				pending.push(path);
			} else if path.is_file() {
				let bytes = std::fs::read(&path)
					.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
				if bytes.len() > 1024 {
					found.entry(blake2_256(&bytes)).or_insert_with(|| path.clone());
				}
				found.entry(content_root(&bytes)).or_insert(path);
			}
		}
	}
	Ok(found)
}

/// The file at `uri`, at most `size` bytes (one more is read, to tell a larger file).
fn fetch(uri: &str, size: u64, sources: &Sources) -> Result<Vec<u8>, String> {
	let limit = size.saturating_add(1);
	if let Some(path) = uri.strip_prefix("file://") {
		let file = std::fs::File::open(path).map_err(|e| format!("cannot read {uri}: {e}"))?;
		let mut bytes = Vec::new();
		file.take(limit)
			.read_to_end(&mut bytes)
			.map_err(|e| format!("cannot read {uri}: {e}"))?;
		return Ok(bytes);
	}
	let url = match uri.strip_prefix("ipfs://") {
		Some(rest) => format!("{}/ipfs/{rest}", sources.ipfs_gateway.trim_end_matches('/')),
		None if uri.starts_with("http://") || uri.starts_with("https://") => uri.to_owned(),
		None if uri.is_empty() =>
			return Err("no URI on chain and no file with its content hash in --files".into()),
		None => return Err(format!("cannot fetch {uri:?}: use file://, http(s):// or ipfs://")),
	};
	let mut response = ureq::get(&url).call().map_err(|e| format!("cannot fetch {url}: {e}"))?;
	response
		.body_mut()
		.with_config()
		.limit(limit)
		.read_to_vec()
		.or_else(|e| match e {
			// Larger than the chain says: the size check after this names the mismatch.
			ureq::Error::BodyExceedsLimit(_) => Ok(vec![0; limit as usize]),
			e => Err(format!("cannot fetch {url}: {e}")),
		})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn local_files_are_found_by_either_hash_and_uris_by_scheme() {
		let dir = tempfile::tempdir().unwrap();
		std::fs::create_dir(dir.path().join("sub")).unwrap();
		let small = b"a small file".to_vec();
		let large = vec![b'x'; 3000];
		std::fs::write(dir.path().join("small.txt"), &small).unwrap();
		std::fs::write(dir.path().join("sub").join("large.txt"), &large).unwrap();
		let found = files_by_hash(dir.path()).unwrap();
		assert!(found.contains_key(&content_root(&small)));
		assert!(found.contains_key(&content_root(&large)));
		assert!(found.contains_key(&blake2_256(&large)));

		let sources = Sources { dir: None, ipfs_gateway: "http://127.0.0.1:1".into() };
		let uri = format!("file://{}", dir.path().join("small.txt").display());
		assert_eq!(fetch(&uri, small.len() as u64, &sources).unwrap(), small);
		// A file larger than the chain says comes back longer, for the size check to refuse.
		assert_eq!(fetch(&uri, 3, &sources).unwrap().len(), 4);
		assert!(fetch("", 1, &sources).unwrap_err().contains("no URI"));
		assert!(fetch("ftp://x/y", 1, &sources).unwrap_err().contains("use file://"));
		assert!(fetch("ipfs://bafy/f.txt", 1, &sources)
			.unwrap_err()
			.contains("http://127.0.0.1:1/ipfs/bafy/f.txt"));
	}
}
