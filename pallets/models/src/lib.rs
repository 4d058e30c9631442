//! A model registry: base models and LoRA adapters, with lineage to the Datanet versions they
//! were trained on, an inference fee and the providers allowed to serve them.
//!
//! ## Overview
//!
//! A model developer registers a model with [`Pallet::register_model`], holding
//! [`Config::ModelDeposit`] while it serves. The model's first version names its weights (an
//! artifact hash and a URI) and its **lineage**: the published Datanet versions it was trained on.
//! Lineage is how inference revenue reaches data: attribution may only credit contributions inside
//! the lineage of the model version that served the inference.
//!
//! A model is either a **base model** or a **LoRA adapter** of a registered base model; an
//! adapter's versions record the base version they were trained on, and the adapter's
//! effective lineage is its own plus that base version's.
//!
//! The owner publishes new versions ([`Pallet::publish_version`]; older versions stay
//! readable), changes the inference fee, authorises and revokes inference providers,
//! deprecates the model (releasing the deposit) and may transfer it.
//!
//! Versions and deprecated models stay for good (they are lineage), so each pays for its
//! storage for as long as it stays: a version holds [`Config::RecordDeposit`] of its record
//! from whoever published it, and a deprecated model keeps that of its own record out of its
//! registration deposit.
//!
//! ## Example
//!
//! ```ignore
//! // From the tests: a base model trained on version 1 of Datanet 0, then an adapter of it.
//! assert_ok!(Models::register_model(
//!     RuntimeOrigin::signed(ALICE),
//!     bounded(b"llama-med"),
//!     bounded(b"ipfs://card"),
//!     ModelKind::Base,
//!     H256::repeat_byte(1),
//!     bounded(b"ipfs://weights"),
//!     lineage(&[(0, 1)]),
//!     FEE,
//! ));
//! assert_ok!(Models::register_model(
//!     RuntimeOrigin::signed(BOB),
//!     bounded(b"med-lora"),
//!     bounded(b""),
//!     ModelKind::Adapter { base: 0 },
//!     H256::repeat_byte(2),
//!     bounded(b"ipfs://lora"),
//!     lineage(&[(1, 1)]),
//!     FEE,
//! ));
//! ```
//!
//! ## Design notes
//!
//! - Datanet versions are checked through [`openledger_primitives::DatanetsInspect`]; the
//!   attribution pallet asks about models through [`openledger_primitives::ModelsInspect`], whose
//!   lineage check costs a fixed number of reads per contribution.
//! - A lineage names each Datanet at most once: Datanet versions are snapshots, so the latest
//!   version trained on contains the earlier ones.
//! - Indexes for clients (models trained on a Datanet, adapters of a base) are maintained on
//!   registration and publication, and paged by the runtime API.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(any(feature = "std", feature = "try-runtime"))]
mod invariants;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use frame_support::traits::fungible;
pub use openledger_primitives::{DatanetId, ModelId, ModelVersion, VersionNumber, MAX_PAGE_SIZE};

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the currency deposits and fees are in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;

// FRAME's attribute macros expand to `expect()`s that carry our spans; the lint stays on for the
// code outside this module.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::MutateHold, Footprint},
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::DatanetsInspect;
	use sp_core::H256;
	use sp_runtime::traits::Convert;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency deposits are held in and fees are priced in (OPEN).
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Where lineage is checked: which Datanet versions exist.
		type Datanets: DatanetsInspect<Self::AccountId>;

		/// Held from whoever registers a model until it is deprecated; pays for its storage
		/// while it serves.
		#[pallet::constant]
		type ModelDeposit: Get<BalanceOf<Self>>;

		/// The storage deposit of a record that stays for good (a model version, a deprecated
		/// model), from its encoded size: held for as long as the record stays.
		type RecordDeposit: Convert<Footprint, BalanceOf<Self>>;

		/// The longest model name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The longest URI or CID (model card, weights), in bytes.
		#[pallet::constant]
		type MaxUriLength: Get<u32>;

		/// The most Datanet versions one model version's lineage names.
		#[pallet::constant]
		type MaxLineage: Get<u32>;

		/// The most inference providers a model authorises.
		#[pallet::constant]
		type MaxProviders: Get<u32>;

		/// Weights of this pallet's calls, generated by its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The registration deposit of a model, released when it is deprecated (all but the
		/// storage deposit of its record).
		#[codec(index = 0)]
		ModelDeposit,
		/// The storage deposit of a model version, held from whoever published it for as long
		/// as the version stays (versions are lineage: they stay).
		#[codec(index = 1)]
		VersionDeposit,
	}

	/// The id the next model gets.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Every model ever registered, deprecated ones included.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, Model<T>>;

	/// The versions of each model, from 1.
	#[pallet::storage]
	pub type Versions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, ModelVersion, ModelVersionInfo<T>>;

	/// Who paid the storage deposit of each model version, and how much (versions published
	/// before storage deposits have none).
	#[pallet::storage]
	pub type VersionDeposits<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ModelId,
		Twox64Concat,
		ModelVersion,
		(T::AccountId, BalanceOf<T>),
	>;

	/// The models with a version trained on each Datanet.
	#[pallet::storage]
	pub type ModelsByDatanet<T> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Twox64Concat, ModelId, (), OptionQuery>;

	/// The adapters of each base model.
	#[pallet::storage]
	pub type Adapters<T> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, ModelId, (), OptionQuery>;

	// The field names are the documentation: ids, accounts and amounts.
	#[allow(missing_docs)]
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered with its first version, and its deposit and the version's
		/// storage deposit held.
		ModelRegistered {
			model: ModelId,
			owner: T::AccountId,
			kind: ModelKind,
			artifact_hash: H256,
			inference_fee: BalanceOf<T>,
			deposit: BalanceOf<T>,
			version_deposit: BalanceOf<T>,
		},
		/// A new version of a model was published and its storage deposit held.
		ModelVersionPublished {
			model: ModelId,
			version: ModelVersion,
			artifact_hash: H256,
			deposit: BalanceOf<T>,
		},
		/// A model's inference fee changed.
		InferenceFeeChanged { model: ModelId, old_fee: BalanceOf<T>, new_fee: BalanceOf<T> },
		/// An account may now settle the model's inferences.
		ProviderAuthorized { model: ModelId, provider: T::AccountId },
		/// An account may no longer settle the model's inferences.
		ProviderRevoked { model: ModelId, provider: T::AccountId },
		/// A model was retired and its deposit released, but for `deposit_kept`, the storage
		/// deposit of its record.
		ModelDeprecated {
			model: ModelId,
			depositor: T::AccountId,
			deposit_released: BalanceOf<T>,
			deposit_kept: BalanceOf<T>,
		},
		/// A model changed owner.
		OwnershipTransferred { model: ModelId, from: T::AccountId, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id; check `models.nextModelId` or the `ModelRegistered` event.
		UnknownModel,
		/// Only the model's owner may do this.
		NotOwner,
		/// The model is deprecated and can no longer change.
		ModelDeprecated,
		/// The name is empty.
		EmptyName,
		/// A lineage entry names a Datanet version that is not published.
		UnknownDatanetVersion,
		/// The lineage names a Datanet twice; name only the latest version trained on (it
		/// contains the earlier ones).
		DuplicateDatanet,
		/// The base model of an adapter does not exist.
		UnknownBaseModel,
		/// The base model of an adapter is itself an adapter; adapt its base instead.
		AdapterOfAdapter,
		/// The base model is deprecated, so no new adapter may build on it.
		BaseModelDeprecated,
		/// The account is already a provider of the model.
		AlreadyProvider,
		/// The account is not a provider of the model.
		NotProvider,
		/// The model has `MaxProviders` providers already; revoke one first.
		TooManyProviders,
		/// The account already owns the model.
		AlreadyOwner,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxNameLength::get() > 0, "a model needs room for a name");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a model owned by the caller, with its first version, holding
		/// [`Config::ModelDeposit`].
		///
		/// - `kind`: `Base`, or `Adapter { base }` of a registered, active base model.
		/// - `artifact_hash`, `artifact_uri`: the weights of version 1.
		/// - `lineage`: the published Datanet versions it was trained on, each Datanet once.
		/// - `inference_fee`: what one inference costs.
		///
		/// Errors: `EmptyName`, `UnknownDatanetVersion`, `DuplicateDatanet`,
		/// `UnknownBaseModel`, `AdapterOfAdapter`, `BaseModelDeprecated`, or a token error if
		/// the caller cannot afford the deposit. Emits `ModelRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model(lineage.len() as u32))]
		pub fn register_model(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLength>,
			metadata_uri: BoundedVec<u8, T::MaxUriLength>,
			kind: ModelKind,
			artifact_hash: H256,
			artifact_uri: BoundedVec<u8, T::MaxUriLength>,
			lineage: LineageOf<T>,
			inference_fee: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(
				owner,
				name,
				metadata_uri,
				kind,
				artifact_hash,
				artifact_uri,
				lineage,
				inference_fee,
			)
		}

		/// Publishes the next version of a model: new weights and the data they were trained
		/// on. Older versions stay readable. Owner only; not when deprecated.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelDeprecated`, `UnknownDatanetVersion`,
		/// `DuplicateDatanet`. Emits `ModelVersionPublished`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::publish_version(lineage.len() as u32))]
		pub fn publish_version(
			origin: OriginFor<T>,
			model: ModelId,
			artifact_hash: H256,
			artifact_uri: BoundedVec<u8, T::MaxUriLength>,
			lineage: LineageOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_publish_version(who, model, artifact_hash, artifact_uri, lineage)
		}

		/// Sets what one inference of the model costs from now on. Owner only; not when
		/// deprecated.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelDeprecated`. Emits `InferenceFeeChanged`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_inference_fee())]
		pub fn set_inference_fee(
			origin: OriginFor<T>,
			model: ModelId,
			fee: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_inference_fee(who, model, fee)
		}

		/// Lets `provider` settle the model's inferences. Owner only; not when deprecated.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelDeprecated`, `AlreadyProvider`,
		/// `TooManyProviders`. Emits `ProviderAuthorized`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::authorize_provider())]
		pub fn authorize_provider(
			origin: OriginFor<T>,
			model: ModelId,
			provider: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_authorize_provider(who, model, provider)
		}

		/// Stops `provider` from settling the model's inferences. Owner only; deprecated models
		/// too, since their pending inferences can still be settled (a leaked provider key must
		/// not keep settling them).
		///
		/// Errors: `UnknownModel`, `NotOwner`, `NotProvider`. Emits `ProviderRevoked`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_provider())]
		pub fn revoke_provider(
			origin: OriginFor<T>,
			model: ModelId,
			provider: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_provider(who, model, provider)
		}

		/// Retires the model for good: no new versions or inferences, and its deposit is
		/// released to whoever paid it. Its versions and lineage stay readable. Owner only.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelDeprecated`. Emits `ModelDeprecated`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deprecate())]
		pub fn deprecate(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deprecate(who, model)
		}

		/// Hands the model to `new_owner`. The deposit stays held from whoever paid it. Owner
		/// only; not when deprecated.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelDeprecated`, `AlreadyOwner`. Emits
		/// `OwnershipTransferred`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			model: ModelId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(who, model, new_owner)
		}
	}
}
