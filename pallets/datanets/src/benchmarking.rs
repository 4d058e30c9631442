//! Benchmarks of every call at its worst case: full-length inputs, a full curator list with the
//! acting account last in it, a permissioned Datanet (so contributing scans the curators), a
//! reveal whose every contribution displaces another account's pending copy, and an acceptance
//! that hashes through 31 levels of the Merkle frontier.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// Gives `who` enough for many Datanet and contribution deposits.
fn fund<T: Config>(who: &T::AccountId) {
	let unit = T::DatanetDeposit::get()
		.saturating_add(contribution_deposit::<T>())
		.saturating_add(Pallet::<T>::largest_record_deposit())
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

/// A permissioned Datanet with a full curator list; returns it and its last curator, the
/// benchmarks' caller.
fn datanet_of_last_curator<T: Config>() -> Result<(DatanetId, T::AccountId), BenchmarkError> {
	let owner = funded::<T>("owner", 0);
	let (id, curators) = datanet::<T>(&owner, T::MaxCurators::get())?;
	Ok((id, curators.last().cloned().unwrap_or(owner)))
}

/// `n` contributions with full-length URIs and metadata, as `contribute_batch` takes them.
fn full_batch<T: Config>(
	n: u32,
) -> Result<BoundedVec<ContributionInput<T>, T::MaxContributionBatch>, BenchmarkError> {
	(0..n)
		.map(full_contribution::<T>)
		.collect::<Result<Vec<_>, _>>()?
		.try_into()
		.map_err(|_| BenchmarkError::Stop("more than MaxContributionBatch"))
}

/// A Datanet with a full curator list and one pending contribution from its last curator;
/// returns the Datanet, the contribution and the last curator.
fn pending<T: Config>() -> Result<(DatanetId, ContributionId, T::AccountId), BenchmarkError> {
	let (id, last) = datanet_of_last_curator::<T>()?;
	let contribution = NextContributionId::<T>::get();
	Pallet::<T>::do_contribute(
		last.clone(),
		id,
		vec![full_contribution::<T>(1)?],
		max_deposit::<T>(),
		Claim::Now,
	)?;
	Ok((id, contribution, last))
}

/// A `max_deposit` that takes any policy's deposit.
fn max_deposit<T: Config>() -> BalanceOf<T> {
	<BalanceOf<T> as sp_runtime::traits::Bounded>::max_value()
}

fn set_block<T: Config>(n: u32) {
	frame_system::Pallet::<T>::set_block_number(BlockNumberFor::<T>::from(n));
}

/// The worst case of a reveal of `items` by `contributor` to the permissioned Datanet `id`:
/// committed at block 1, while each item is pending from another account since block 2, with a
/// withdrawal asked for; the reveal lands at block 3 and displaces every copy.
fn copied_and_committed<T: Config>(
	id: DatanetId,
	contributor: &T::AccountId,
	items: &[ContributionInput<T>],
) -> Result<(), BenchmarkError> {
	set_block::<T>(1);
	let hashes: Vec<H256> = items.iter().map(|item| item.content_hash).collect();
	Pallet::<T>::do_commit(contributor.clone(), Pallet::<T>::commitment(contributor, id, &hashes))?;
	set_block::<T>(2);
	let set_access = |access| {
		Datanets::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.policy.access = access;
			}
		})
	};
	set_access(Access::Open);
	for (i, item) in items.iter().enumerate() {
		let copier = funded::<T>("copier", i as u32);
		let copy = NextContributionId::<T>::get();
		Pallet::<T>::do_contribute(copier, id, vec![item.clone()], max_deposit::<T>(), Claim::Now)?;
		WithdrawalsDue::<T>::insert(copy, BlockNumberFor::<T>::from(10u32));
	}
	set_access(Access::Permissioned);
	set_block::<T>(3);
	Ok(())
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

	// Worst case: a contribution from the last curator of a permissioned Datanet, with a
	// full-length URI and metadata. (A plain contribution never displaces one: only `reveal`
	// does.)
	#[benchmark]
	fn contribute(
		u: Linear<0, { T::MaxUriLength::get() }>,
		m: Linear<0, { T::MaxMetadataLength::get() }>,
	) -> Result<(), BenchmarkError> {
		let (id, contributor) = datanet_of_last_curator::<T>()?;
		let (uri, metadata) = (bytes(u)?, bytes(m)?);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(contributor),
			id,
			H256::repeat_byte(1),
			1,
			uri,
			metadata,
			max_deposit::<T>(),
		);

		assert!(Contributions::<T>::contains_key(0));
		Ok(())
	}

	// Worst case: `n` contributions from the last curator of a permissioned Datanet, each with
	// a full-length URI and metadata.
	#[benchmark]
	fn contribute_batch(
		n: Linear<1, { T::MaxContributionBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let (id, contributor) = datanet_of_last_curator::<T>()?;
		let items = full_batch::<T>(n)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id, items, max_deposit::<T>());

		assert!(Contributions::<T>::contains_key(u64::from(n).saturating_sub(1)));
		Ok(())
	}

	// Worst case: `n` committed contributions from the last curator of a permissioned Datanet,
	// each with a full-length URI and metadata and each displacing a copy from another account
	// that asked to withdraw it.
	#[benchmark]
	fn reveal(n: Linear<1, { T::MaxContributionBatch::get() }>) -> Result<(), BenchmarkError> {
		let (id, contributor) = datanet_of_last_curator::<T>()?;
		let items = full_batch::<T>(n)?;
		copied_and_committed::<T>(id, &contributor, &items)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id, items, max_deposit::<T>());

		let last = u64::from(n).saturating_mul(2).saturating_sub(1);
		assert!(Contributions::<T>::contains_key(last) && !Contributions::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		let who = funded::<T>("committer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), H256::repeat_byte(7));

		assert!(Commitments::<T>::contains_key(&who, H256::repeat_byte(7)));
		Ok(())
	}

	#[benchmark]
	fn cancel_commitment() -> Result<(), BenchmarkError> {
		let who = funded::<T>("committer", 0);
		Pallet::<T>::do_commit(who.clone(), H256::repeat_byte(7))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), H256::repeat_byte(7));

		assert!(!Commitments::<T>::contains_key(&who, H256::repeat_byte(7)));
		Ok(())
	}

	// One step of the migration to storage version 1, at its worst: a plain rejection left on
	// record by version 0, removed with its index entries and its contributor's statistics.
	#[benchmark]
	fn migrate_v1_step() -> Result<(), BenchmarkError> {
		let (_, contribution, contributor) = pending::<T>()?;
		Contributions::<T>::mutate(contribution, |c| {
			if let Some(c) = c {
				c.status = ContributionStatus::Rejected { spam: false };
			}
		});
		ContributorStatsOf::<T>::insert(
			&contributor,
			ContributorStats { rejected: 1, ..Default::default() },
		);
		StorageVersion::new(0).put::<Pallet<T>>();

		#[block]
		{
			crate::migrations::v1::migrate_next::<T>(None);
		}

		assert!(!Contributions::<T>::contains_key(contribution));
		assert!(!ContributorStatsOf::<T>::contains_key(&contributor));
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

	// The first step of a withdrawal: it only records when the second may come.
	#[benchmark]
	fn request_withdrawal() -> Result<(), BenchmarkError> {
		let (_, contribution, contributor) = pending::<T>()?;

		#[extrinsic_call]
		withdraw(RawOrigin::Signed(contributor), contribution);

		assert!(Contributions::<T>::contains_key(contribution));
		Ok(())
	}

	// The second step, which releases the deposit and removes the contribution.
	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (_, contribution, contributor) = pending::<T>()?;
		WithdrawalsDue::<T>::insert(contribution, frame_system::Pallet::<T>::block_number());

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
