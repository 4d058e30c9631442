//! Benchmarks of every call at its worst case: full-length inputs, a full curator list with the
//! acting account last in it, a permissioned Datanet (so contributing scans the curators), and
//! an acceptance that hashes through 31 levels of the Merkle frontier.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// Gives `who` enough for many Datanet and contribution deposits.
fn fund<T: Config>(who: &T::AccountId) {
	let unit = T::DatanetDeposit::get()
		.saturating_add(contribution_deposit::<T>())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(who, unit.saturating_mul(1_000u32.into()));
}

/// A funded account.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	fund::<T>(&who);
	who
}

/// The contribution deposit the benchmarks' policy asks for: non-zero, so holds happen.
fn contribution_deposit<T: Config>() -> BalanceOf<T> {
	T::MinContributionDeposit::get().max(T::Currency::minimum_balance())
}

fn policy<T: Config>() -> Policy<BalanceOf<T>> {
	Policy {
		access: Access::Permissioned,
		contribution_deposit: contribution_deposit::<T>(),
		max_contribution_bytes: u64::MAX,
	}
}

fn bytes<S: Get<u32>>(len: u32) -> Result<BoundedVec<u8, S>, BenchmarkError> {
	vec![b'x'; len as usize]
		.try_into()
		.map_err(|_| BenchmarkError::Stop("longer than its bound"))
}

fn tags<T: Config>(
	count: u32,
) -> Result<BoundedVec<BoundedVec<u8, T::MaxTagLength>, T::MaxTags>, BenchmarkError> {
	let tag = bytes::<T::MaxTagLength>(T::MaxTagLength::get())?;
	vec![tag; count as usize]
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more tags than MaxTags"))
}

/// A permissioned Datanet with full-length metadata owned by `owner`, and `curators` curators;
/// returns its id and the curators.
fn datanet<T: Config>(
	owner: &T::AccountId,
	curators_wanted: u32,
) -> Result<(DatanetId, Vec<T::AccountId>), BenchmarkError> {
	let id = NextDatanetId::<T>::get();
	Pallet::<T>::do_create_datanet(
		owner.clone(),
		bytes(T::MaxNameLength::get())?,
		bytes(T::MaxUriLength::get())?,
		tags::<T>(T::MaxTags::get())?,
		policy::<T>(),
	)?;
	// The last curator is the benchmarks' caller, whose account the transaction's fee payment
	// has already read, as for any signed call.
	let mut curators: Vec<T::AccountId> =
		(1..curators_wanted).map(|i| funded::<T>("curator", i)).collect();
	if curators_wanted > 0 {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		curators.push(caller);
	}
	for curator in &curators {
		Pallet::<T>::do_add_curator(owner.clone(), id, curator.clone())?;
	}
	Ok((id, curators))
}

/// A contribution of content `n` with a full-length URI and metadata.
fn full_contribution<T: Config>(n: u32) -> Result<ContributionInput<T>, BenchmarkError> {
	Ok(ContributionInput {
		content_hash: H256(sp_io::hashing::blake2_256(&n.to_le_bytes())),
		size_bytes: 1,
		uri: bytes(T::MaxUriLength::get())?,
		metadata: bytes(T::MaxMetadataLength::get())?,
	})
}

/// A Datanet with a full curator list and one pending contribution from its last curator;
/// returns the Datanet, the contribution and the last curator.
fn pending<T: Config>() -> Result<(DatanetId, ContributionId, T::AccountId), BenchmarkError> {
	let owner = funded::<T>("owner", 0);
	let (id, curators) = datanet::<T>(&owner, T::MaxCurators::get())?;
	let last = curators.last().cloned().unwrap_or(owner);
	let contribution = NextContributionId::<T>::get();
	Pallet::<T>::do_contribute(last.clone(), id, [full_contribution::<T>(1)?])?;
	Ok((id, contribution, last))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_datanet(
		n: Linear<1, { T::MaxNameLength::get() }>,
		d: Linear<0, { T::MaxUriLength::get() }>,
		t: Linear<0, { T::MaxTags::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (name, description, tags) = (bytes(n)?, bytes(d)?, tags::<T>(t)?);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), name, description, tags, policy::<T>());

		assert!(Datanets::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn update_metadata(
		n: Linear<1, { T::MaxNameLength::get() }>,
		d: Linear<0, { T::MaxUriLength::get() }>,
		t: Linear<0, { T::MaxTags::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let (name, description, tags) = (bytes(n)?, bytes(d)?, tags::<T>(t)?);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, name, description, tags);

		Ok(())
	}

	#[benchmark]
	fn set_policy() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let open = Policy { access: Access::Open, ..policy::<T>() };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, open);

		Ok(())
	}

	// Worst case: the list holds all but one curator, so the duplicate check scans them all.
	#[benchmark]
	fn add_curator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get().saturating_sub(1))?;
		let curator: T::AccountId = account("new curator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, curator.clone());

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.curators.contains(&curator)));
		Ok(())
	}

	// Worst case: the list is full and the curator removed is the last one.
	#[benchmark]
	fn remove_curator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, curators) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let last = curators.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, last.clone());

		assert!(Datanets::<T>::get(id).is_some_and(|d| !d.curators.contains(&last)));
		Ok(())
	}

	#[benchmark]
	fn pause() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		Ok(())
	}

	#[benchmark]
	fn resume() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;
		Pallet::<T>::do_set_status(owner.clone(), id, DatanetStatus::Paused)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		Ok(())
	}

	#[benchmark]
	fn archive() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.status == DatanetStatus::Archived));
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, _) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let new_owner: T::AccountId = account("new owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner);

		Ok(())
	}

	// Worst case: a permissioned Datanet whose last curator contributes, with a full-length
	// URI and metadata.
	#[benchmark]
	fn contribute(
		u: Linear<0, { T::MaxUriLength::get() }>,
		m: Linear<0, { T::MaxMetadataLength::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, curators) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let contributor = curators.last().cloned().unwrap_or(owner);
		let (uri, metadata) = (bytes(u)?, bytes(m)?);

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id, H256::repeat_byte(1), 1, uri, metadata);

		assert!(Contributions::<T>::contains_key(0));
		Ok(())
	}

	// Worst case: `n` contributions from the last curator of a permissioned Datanet, each with
	// a full-length URI and metadata.
	#[benchmark]
	fn contribute_batch(
		n: Linear<1, { T::MaxContributionBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let (id, curators) = datanet::<T>(&owner, T::MaxCurators::get())?;
		let contributor = curators.last().cloned().unwrap_or(owner);
		let items: BoundedVec<ContributionInput<T>, T::MaxContributionBatch> = (0..n)
			.map(full_contribution::<T>)
			.collect::<Result<Vec<_>, _>>()?
			.try_into()
			.map_err(|_| BenchmarkError::Stop("more than MaxContributionBatch"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id, items);

		assert!(Contributions::<T>::contains_key(u64::from(n).saturating_sub(1)));
		Ok(())
	}

	// Worst case: the last curator accepts, and the acceptance is leaf number 2^31 - 1, whose
	// insertion hashes up through 31 levels of the frontier.
	#[benchmark]
	fn review_accept() -> Result<(), BenchmarkError> {
		let (id, contribution, reviewer) = pending::<T>()?;
		let sequence = (1u64 << 31).saturating_sub(1);
		Datanets::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.counters.accepted = sequence;
			}
		});

		#[extrinsic_call]
		review(RawOrigin::Signed(reviewer), contribution, Verdict::Accept);

		assert!(Contributions::<T>::get(contribution)
			.is_some_and(|c| c.status == ContributionStatus::Accepted { sequence }));
		Ok(())
	}

	// Worst case: spam, so part of the deposit moves to the pool and the rest is released.
	#[benchmark]
	fn review_reject() -> Result<(), BenchmarkError> {
		let (_, contribution, reviewer) = pending::<T>()?;

		#[extrinsic_call]
		review(RawOrigin::Signed(reviewer), contribution, Verdict::RejectAsSpam);

		assert!(Contributions::<T>::get(contribution)
			.is_some_and(|c| c.status == ContributionStatus::Rejected { spam: true }));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (_, contribution, contributor) = pending::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), contribution);

		assert!(!Contributions::<T>::contains_key(contribution));
		Ok(())
	}

	// Publishing reads the fixed-size frontier and hashes through all its levels whatever
	// the number of contributions.
	#[benchmark]
	fn publish_version() -> Result<(), BenchmarkError> {
		let (id, contribution, reviewer) = pending::<T>()?;
		Pallet::<T>::do_review(reviewer, contribution, Verdict::Accept)?;
		let owner = Datanets::<T>::get(id).map(|d| d.owner).ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Versions::<T>::contains_key(id, 1));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
