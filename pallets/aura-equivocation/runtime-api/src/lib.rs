//! The `AuraEquivocationApi` runtime API: what a node needs to report an Aura equivocation it
//! has seen (two blocks signed by one authority for one slot) to `pallet-aura-equivocation`.

#![cfg_attr(not(feature = "std"), no_std)]

pub use sp_consensus_slots::{EquivocationProof, Slot};

/// A key-ownership proof (a `sp_session::MembershipProof` in this chain's runtime), opaque to
/// the node.
pub type OpaqueKeyOwnershipProof = sp_runtime::OpaqueValue;

sp_api::decl_runtime_apis! {
	/// Equivocation reports for Aura.
	pub trait AuraEquivocationApi<AuthorityId> where AuthorityId: codec::Codec {
		/// A proof that `authority` is a session key of a validator of the current session, or
		/// `None` if it is not.
		fn generate_key_ownership_proof(authority: AuthorityId) -> Option<OpaqueKeyOwnershipProof>;

		/// Submits an unsigned `auraEquivocation.reportEquivocationUnsigned` to the node's pool;
		/// `None` if the key-ownership proof does not decode or the pool refuses it. Call it with
		/// the offchain transaction pool extension registered.
		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: EquivocationProof<Block::Header, AuthorityId>,
			key_owner_proof: OpaqueKeyOwnershipProof,
		) -> Option<()>;
	}
}
