//! Measures the engine on the generated benchmark: index build throughput, query latency for
//! ~1 KB outputs, precision/recall on verbatim passages, and the ∞-gram model's latency for a
//! 200-token answer (and its attribution) to prompts drawn from the corpus.
//!
//!     cargo run --release -p openledger-attribution-engine --example bench -- [MB] [QUERIES]
//!         [--mapped] [--write-corpus DIR]
//!
//! Defaults: a 100 MB corpus and 200 queries. `--mapped` writes the index to a file and queries
//! it memory-mapped (`Index::open`), as the gateway serves a lineage larger than memory.
//! `--write-corpus DIR` only writes the corpus's contributions to DIR, one file each (the
//! gateway's benchmark publishes them). The figures are in docs/attribution.md and
//! docs/performance.md.

// A measurement program, like the engine itself off-chain (see the crate root).
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use openledger_attribution_engine::{
	attribute,
	infini::{Decoding, InfiniGram, Sampling},
	synth::{Corpus, Rng, Score},
	Index, IndexMeta, Params, Verify,
};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let flag = |name: &str| args.iter().position(|a| a == name);
	let mapped = flag("--mapped").is_some();
	let corpus_dir = flag("--write-corpus")
		.and_then(|i| args.get(i + 1))
		.map(std::path::PathBuf::from);
	let mut numbers = args.iter().take_while(|a| !a.starts_with("--"));
	let mb: usize = numbers.next().map_or(Ok(100), |a| a.parse())?;
	let queries: usize = numbers.next().map_or(Ok(200), |a| a.parse())?;

	eprintln!("generating a {mb} MB corpus ...");
	let corpus = Corpus::generate(1, mb * 1_000_000, 200, 10_000);
	let contributions = corpus.contributions();
	if let Some(dir) = corpus_dir {
		std::fs::create_dir_all(&dir)?;
		for c in &contributions {
			std::fs::write(dir.join(format!("{:06}.txt", c.id)), &c.bytes)?;
		}
		println!("wrote {} files to {}", contributions.len(), dir.display());
		return Ok(());
	}
	let bytes: usize = contributions.iter().map(|c| c.bytes.len()).sum();
	let meta = IndexMeta { datanet: 0, version: 1, merkle_root: [0; 32] };

	eprintln!("indexing {} contributions ...", contributions.len());
	let started = Instant::now();
	let index = Index::build(meta, contributions)?;
	let built = started.elapsed();
	let encoded = index.to_bytes();
	let hash = openledger_attribution_engine::blake2_256(&encoded);
	let indexed = started.elapsed();
	let encoded_len = encoded.len();
	let file = std::env::temp_dir().join(format!("openledger-bench-{}.idx", std::process::id()));
	let started = Instant::now();
	let loaded = if mapped {
		index.write(&file)?;
		drop(index);
		drop(encoded);
		let started = Instant::now();
		let opened = Index::open(&file, Verify::Structure)?;
		eprintln!(
			"opened the {} index file mapped in {:.2} s",
			file.display(),
			started.elapsed().as_secs_f64()
		);
		opened
	} else {
		drop(index);
		Index::from_bytes(&encoded)?
	};
	let load = started.elapsed();

	eprintln!("querying ...");
	let (mut rng, mut score, mut latencies, mut output_bytes) =
		(Rng::new(2), Score::default(), Vec::new(), 0usize);
	for _ in 0..queries {
		let (output, quoted) = corpus.stitched_output(&mut rng, 170, (12, 40), (5, 30));
		output_bytes += output.len();
		let started = Instant::now();
		let attribution = attribute(&[&loaded], &output, &Params::default())?;
		latencies.push(started.elapsed());
		score.add(&attribution, &quoted);
	}
	latencies.sort();
	let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
	let ms = |d: Duration| d.as_secs_f64() * 1e3;
	let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();

	println!(
		"corpus:     {:.1} MB, {} contributions, {} tokens, {} distinct, {} shards",
		bytes as f64 / 1e6,
		loaded.contributions.len(),
		loaded.token_count(),
		loaded.vocabulary.len(),
		loaded.shards.len()
	);
	println!("index:      {:.2} s build ({:.1} MB/s); {:.2} s with encoding and hashing ({:.1} MB/s); {:.1} MB, hash {}",
		built.as_secs_f64(), mbs(built), indexed.as_secs_f64(), mbs(indexed),
		encoded_len as f64 / 1e6, openledger_attribution_engine::hex(&hash));
	println!(
		"load:       {:.2} s{}",
		load.as_secs_f64(),
		if mapped { " (written, then opened memory-mapped)" } else { "" }
	);
	println!("query:      {} outputs of {:.0} bytes on average: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
		queries, output_bytes as f64 / queries.max(1) as f64, ms(at(0.5)), ms(at(0.95)), ms(at(1.0)));
	println!(
		"accuracy:   precision {:.4}, recall {:.4}, share on quoted contributions {:.4} ({:?})",
		score.precision(),
		score.recall(),
		score.share_precision(),
		score
	);

	eprintln!("generating answers ...");
	let model = InfiniGram::new(vec![vec![&loaded]]);
	let (mut generated, mut attributed, mut tokens) = (Vec::new(), Vec::new(), 0usize);
	for seed in 0..queries as u64 {
		// A prompt of 5 to 30 words from the corpus, half of the answers sampled.
		let (prompt, _) = corpus.stitched_output(&mut rng, 5 + seed as usize % 25, (5, 30), (0, 0));
		let sampling = if seed % 2 == 0 {
			Sampling::Greedy
		} else {
			Sampling::Seeded { seed, temperature: 1.0 }
		};
		let decoding = Decoding { max_tokens: 200, sampling, stop: vec![] };
		let started = Instant::now();
		let answer = model.generate(&prompt, &decoding);
		generated.push(started.elapsed());
		tokens += answer.tokens;
		let started = Instant::now();
		attribute(&[&loaded], &answer.text, &Params::default())?;
		attributed.push(started.elapsed());
	}
	generated.sort();
	attributed.sort();
	let at = |l: &[Duration], q: f64| l[((l.len() - 1) as f64 * q) as usize];
	println!(
		"generate:   {} answers of up to 200 tokens ({:.0} on average): median {:.1} ms, p95 {:.1} ms, max {:.1} ms; their attribution median {:.2} ms, p95 {:.2} ms",
		queries,
		tokens as f64 / queries.max(1) as f64,
		ms(at(&generated, 0.5)),
		ms(at(&generated, 0.95)),
		ms(at(&generated, 1.0)),
		ms(at(&attributed, 0.5)),
		ms(at(&attributed, 0.95)),
	);
	if mapped {
		drop(model);
		drop(loaded);
		std::fs::remove_file(&file)?;
	}
	Ok(())
}
