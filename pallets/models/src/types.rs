//! The records this pallet stores and returns through its runtime API.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{DatanetId, ModelId, ModelVersion, VersionNumber};
use scale_info::TypeInfo;
use sp_core::H256;

/// What a model is.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ModelKind {
	/// A model of its own.
	#[codec(index = 0)]
	Base,
	/// A LoRA adapter on top of a base model.
	#[codec(index = 1)]
	Adapter {
		/// The base model it adapts; never an adapter itself.
		base: ModelId,
	},
}

/// Whether a model serves inferences.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ModelStatus {
	/// Registered and serving.
	#[codec(index = 0)]
	Active,
	/// Retired by its owner: no new versions or inferences; its deposit is released and its
	/// versions stay readable.
	#[codec(index = 1)]
	Deprecated,
}

/// One Datanet version a model was trained on.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct LineageEntry {
	/// The Datanet.
	pub datanet: DatanetId,
	/// Its published version.
	pub version: VersionNumber,
}

/// The base model version an adapter version was trained on.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct BaseVersion {
	/// The base model.
	pub model: ModelId,
	/// Its version.
	pub version: ModelVersion,
}

/// The Datanet versions a model version was trained on, at most one version per Datanet.
pub type LineageOf<T> = BoundedVec<LineageEntry, <T as Config>::MaxLineage>;

/// A registered model.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Model<T: Config> {
	/// Controls the model: versions, fee, providers, status.
	pub owner: T::AccountId,
	/// Who paid the registration deposit; it is released to them on deprecation.
	pub depositor: T::AccountId,
	/// The registration deposit held from `depositor`; zero once deprecated.
	pub deposit: BalanceOf<T>,
	/// A short human-readable name.
	pub name: BoundedVec<u8, T::MaxNameLength>,
	/// Where the model card lives: a URI or an IPFS CID.
	pub metadata_uri: BoundedVec<u8, T::MaxUriLength>,
	/// Base model or adapter.
	pub kind: ModelKind,
	/// What one inference costs, in OPEN.
	pub inference_fee: BalanceOf<T>,
	/// Accounts that may settle this model's inferences.
	pub providers: BoundedVec<T::AccountId, T::MaxProviders>,
	/// Whether it serves inferences.
	pub status: ModelStatus,
	/// Its latest version (versions are 1..=latest).
	pub latest_version: ModelVersion,
	/// The block it was registered in.
	pub registered_at: BlockNumberFor<T>,
}

/// One version of a model: its weights and the data they were trained on.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ModelVersionInfo<T: Config> {
	/// The hash of the weights (or adapter weights).
	pub artifact_hash: H256,
	/// Where the weights can be fetched.
	pub artifact_uri: BoundedVec<u8, T::MaxUriLength>,
	/// The Datanet versions it was trained on.
	pub lineage: LineageOf<T>,
	/// For an adapter: the version of its base model it was trained on (the base's latest
	/// when this version was published).
	pub base: Option<BaseVersion>,
	/// The block it was published in.
	pub published_at: BlockNumberFor<T>,
}

/// One page of model ids.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ModelPage {
	/// The models on this page.
	pub items: alloc::vec::Vec<ModelId>,
	/// Pass this as the cursor to get the next page; `None` on the last page.
	pub next_cursor: Option<ModelId>,
}
