//! OPEN-holder governance in the real runtime: proposals noted as preimages, referenda on the
//! `parameters` and `root` tracks, conviction votes and their locks, enactment by the scheduler.
//! Every step is a signed transaction in a block, hooks included, on the development preset's
//! fast governance periods.

// Tests may do plain arithmetic: an overflow is a failed test, which is what we want.
#![allow(clippy::arithmetic_side_effects)]

use crate::common::{check_invariants, new_ext, produce_block, run_signed, signed};
use codec::Encode;
use frame_support::traits::{schedule::DispatchTime, Bounded, Get, LockIdentifier, QueryPreimage};
use openledger_runtime::{
	configs::{
		governance::{
			PARAMETERS_TRACK, REFERENDUM_CANCELLER_TRACK, REFERENDUM_KILLER_TRACK, ROOT_TRACK,
		},
		parameters::{deposits, RuntimeParameters},
	},
	genesis_config_presets::LOCAL_FAST_GOVERNANCE_PRESET,
	time::DAYS,
	Attribution, Balance, Balances, OriginCaller, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System,
};
use pallet_attribution::FeeSplit;
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_governance_origins::Origin as GovernanceOrigin;
use pallet_referenda::{ReferendumInfo, ReferendumInfoOf, TracksInfo};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError, Perbill,
};

const OPEN: u128 = openledger_runtime::currency::OPEN;
/// The lock conviction voting puts on a voter's balance.
const VOTING_LOCK: LockIdentifier = *b"pyconvot";

fn new_split() -> FeeSplit {
	FeeSplit {
		pool: Perbill::from_percent(5),
		model: Perbill::from_percent(15),
		provider: Perbill::from_percent(20),
		data: Perbill::from_percent(60),
	}
}

fn set_fee_split(split: FeeSplit) -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::set_fee_split { split })
}

fn add_validator(who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
		who: who.to_account_id(),
	})
}

fn create_datanet(name: &[u8]) -> RuntimeCall {
	RuntimeCall::Datanets(pallet_datanets::Call::create_datanet {
		name: name.to_vec().try_into().unwrap(),
		description: Default::default(),
		tags: Default::default(),
		policy: pallet_datanets::Policy {
			access: pallet_datanets::Access::Open,
			contribution_deposit: OPEN,
			max_contribution_bytes: 1_000,
		},
	})
}

/// Runs `steps` in blocks of their own and asserts that each succeeded.
fn run_ok(steps: Vec<(Sr25519Keyring, RuntimeCall)>) {
	let steps = steps.into_iter().map(|(who, call)| (who.pair(), call)).collect();
	let (_, results) = run_signed(steps);
	for result in results {
		assert_eq!(result, Ok(()));
	}
}

/// `proposer` notes `call` as a preimage, submits it as a referendum that dispatches with
/// `origin`, and places its decision deposit. Returns the referendum's index.
fn propose(proposer: Sr25519Keyring, origin: OriginCaller, call: RuntimeCall) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let hash = BlakeTwo256::hash(&call.encode());
	// Noted once, a preimage serves every referendum on the same call.
	if <pallet_preimage::Pallet<Runtime> as QueryPreimage>::len(&hash).is_none() {
		run_ok(vec![(proposer, note(&call))]);
	}
	run_ok(vec![(proposer, submit(origin, &call)), (proposer, decision_deposit(index))]);
	index
}

fn vote(poll_index: u32, aye: bool, conviction: Conviction, balance: u128) -> RuntimeCall {
	RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
		poll_index,
		vote: AccountVote::Standard { vote: Vote { aye, conviction }, balance },
	})
}

/// Produces empty blocks until referendum `index` is no longer ongoing, at most `limit` of them.
fn run_until_decided(index: u32, limit: u32) -> ReferendumInfoOf<Runtime, ()> {
	for _ in 0..limit {
		match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
			Some(ReferendumInfo::Ongoing(_)) => produce_block(vec![]),
			Some(info) => return info,
			None => panic!("referendum {index} does not exist"),
		};
	}
	panic!("referendum {index} was not decided within {limit} blocks");
}

/// The results of the enactments the scheduler dispatched in the last block.
fn dispatched_results() -> Vec<sp_runtime::DispatchResult> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			// Named: an enactment. The referenda's own alarms are anonymous.
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
				result,
				id: Some(_),
				..
			}) => Some(result),
			_ => None,
		})
		.collect()
}

fn voting_lock(who: Sr25519Keyring) -> u128 {
	Balances::locks(&who.to_account_id())
		.iter()
		.filter(|lock| lock.id == VOTING_LOCK)
		.map(|lock| lock.amount)
		.sum()
}

/// Produces empty blocks until one of them dispatched something, at most `limit` of them.
fn run_until_dispatched(limit: u32) -> sp_runtime::DispatchResult {
	for _ in 0..limit {
		produce_block(vec![]);
		if let Some(result) = dispatched_results().pop() {
			return result;
		}
	}
	panic!("nothing was dispatched within {limit} blocks");
}

#[test]
fn a_passed_referendum_on_the_parameters_track_sets_the_fee_split() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		let index = propose(
			Alice,
			OriginCaller::Origins(GovernanceOrigin::Parameters),
			set_fee_split(new_split()),
		);
		let info = pallet_referenda::ReferendumInfoFor::<Runtime>::get(index);
		assert!(
			matches!(info, Some(ReferendumInfo::Ongoing(ref s)) if s.track == PARAMETERS_TRACK)
		);

		// Three of the six endowed accounts vote for it with half their OPEN: support 25 % of
		// the OPEN that can vote, approval 100 %.
		run_ok(vec![
			(Alice, vote(index, true, Conviction::Locked1x, 500_000 * OPEN)),
			(Bob, vote(index, true, Conviction::Locked1x, 500_000 * OPEN)),
			(Charlie, vote(index, true, Conviction::Locked1x, 500_000 * OPEN)),
		]);
		assert_ne!(Attribution::fee_split(), new_split(), "not before enactment");

		let info = run_until_decided(index, 20);
		assert!(matches!(info, ReferendumInfo::Approved(..)), "{info:?}");
		assert_eq!(run_until_dispatched(5), Ok(()));
		assert_eq!(Attribution::fee_split(), new_split());
		assert_eq!(check_invariants(issuance), Ok(()));
	});
}

#[test]
fn a_parameters_referendum_sets_the_deposit_of_new_datanets_only() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		// A Datanet created before the change keeps the deposit it was charged.
		run_ok(vec![(Alice, create_datanet(b"before"))]);
		let old = pallet_datanets::Datanets::<Runtime>::get(0).unwrap().deposit;
		assert_eq!(old, deposits::Datanet::get());

		let new = 25 * OPEN;
		let set = RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
			key_value: RuntimeParameters::Deposits(deposits::Parameters::Datanet(
				deposits::Datanet,
				Some(new),
			)),
		});
		let index =
			propose(Alice, OriginCaller::Origins(GovernanceOrigin::Parameters), set.clone());
		run_ok(vec![
			(Alice, vote(index, true, Conviction::Locked1x, 500_000 * OPEN)),
			(Bob, vote(index, true, Conviction::Locked1x, 500_000 * OPEN)),
		]);
		assert!(matches!(run_until_decided(index, 20), ReferendumInfo::Approved(..)));
		assert_eq!(run_until_dispatched(5), Ok(()));
		assert_eq!(deposits::Datanet::get(), new);

		run_ok(vec![(Charlie, create_datanet(b"after"))]);
		assert_eq!(pallet_datanets::Datanets::<Runtime>::get(1).unwrap().deposit, new);
		assert_eq!(pallet_datanets::Datanets::<Runtime>::get(0).unwrap().deposit, old);
		assert_eq!(check_invariants(issuance), Ok(()));

		// A signed account cannot set it.
		let (_, results) = run_signed(vec![(Alice.pair(), set)]);
		assert_eq!(results, vec![Err(DispatchError::BadOrigin)]);
	});
}

#[test]
fn a_rejected_referendum_changes_nothing() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		let before = Attribution::fee_split();
		let index = propose(
			Alice,
			OriginCaller::Origins(GovernanceOrigin::Parameters),
			set_fee_split(new_split()),
		);
		run_ok(vec![
			(Alice, vote(index, true, Conviction::Locked1x, 100_000 * OPEN)),
			(Bob, vote(index, false, Conviction::Locked3x, 900_000 * OPEN)),
		]);

		let info = run_until_decided(index, 30);
		assert!(matches!(info, ReferendumInfo::Rejected(..)), "{info:?}");
		// Nothing is enacted, then or later.
		for _ in 0..5 {
			produce_block(vec![]);
		}
		assert!(dispatched_results().is_empty());
		assert_eq!(Attribution::fee_split(), before);

		// The decision deposit and the preimage's come back; the submission deposit of a rejected
		// referendum stays reserved (`pallet-referenda` returns it only to approved or cancelled
		// ones).
		let hash = BlakeTwo256::hash(&set_fee_split(new_split()).encode());
		run_ok(vec![
			(
				Alice,
				RuntimeCall::Referenda(pallet_referenda::Call::refund_decision_deposit { index }),
			),
			(Alice, RuntimeCall::Preimage(pallet_preimage::Call::unnote_preimage { hash })),
		]);
		assert_eq!(
			Balances::reserved_balance(Alice.to_account_id()),
			<Runtime as pallet_referenda::Config>::SubmissionDeposit::get()
		);
		assert_eq!(check_invariants(issuance), Ok(()));
	});
}

#[test]
fn the_root_track_changes_the_validator_set_and_the_parameters_track_cannot() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Eve.to_account_id();
		crate::common::register_session_keys(Eve);
		let voters = [Alice, Bob, Charlie, Dave];

		// Passed on the parameters track, the call is dispatched and refused: wrong track.
		let index =
			propose(Alice, OriginCaller::Origins(GovernanceOrigin::Parameters), add_validator(Eve));
		run_ok(voters.map(|v| (v, vote(index, true, Conviction::None, 900_000 * OPEN))).into());
		assert!(matches!(run_until_decided(index, 20), ReferendumInfo::Approved(..)));
		assert_eq!(run_until_dispatched(5), Err(DispatchError::BadOrigin));
		assert!(!pallet_validator_set::Validators::<Runtime>::get().contains(&eve));

		// On the root track, it is enacted.
		let index =
			propose(Alice, OriginCaller::system(frame_system::RawOrigin::Root), add_validator(Eve));
		let info = pallet_referenda::ReferendumInfoFor::<Runtime>::get(index);
		assert!(matches!(info, Some(ReferendumInfo::Ongoing(ref s)) if s.track == ROOT_TRACK));
		run_ok(voters.map(|v| (v, vote(index, true, Conviction::None, 900_000 * OPEN))).into());
		assert!(matches!(run_until_decided(index, 30), ReferendumInfo::Approved(..)));
		assert_eq!(run_until_dispatched(5), Ok(()));
		assert!(pallet_validator_set::Validators::<Runtime>::get().contains(&eve));
	});
}

/// What a passed `parameters` referendum may do, call by call: each economic setter accepts its
/// origin, and each call that needs Root refuses it.
#[test]
fn the_parameters_origin_sets_every_economic_parameter_and_nothing_that_needs_root() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let passed = || RuntimeOrigin::from(GovernanceOrigin::Parameters);
		let deposit = |key: fn(Balance) -> deposits::Parameters, value| {
			RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
				key_value: RuntimeParameters::Deposits(key(value)),
			})
		};
		let economic = [
			set_fee_split(new_split()),
			RuntimeCall::Rewards(pallet_rewards::Call::set_emission { per_epoch: 7 * OPEN }),
			deposit(|v| deposits::Parameters::Datanet(deposits::Datanet, Some(v)), 11 * OPEN),
			deposit(
				|v| deposits::Parameters::MinContribution(deposits::MinContribution, Some(v)),
				2 * OPEN,
			),
			deposit(|v| deposits::Parameters::Model(deposits::Model, Some(v)), 13 * OPEN),
		];
		for call in economic {
			let result = call.clone().dispatch(passed()).map(|_| ()).map_err(|e| e.error);
			assert_eq!(result, Ok(()), "{call:?}");
		}
		assert_eq!(Attribution::fee_split(), new_split());
		assert_eq!(pallet_rewards::EmissionPerEpoch::<Runtime>::get(), 7 * OPEN);
		assert_eq!(
			(deposits::Datanet::get(), deposits::MinContribution::get(), deposits::Model::get()),
			(11 * OPEN, 2 * OPEN, 13 * OPEN)
		);

		let root_only = [
			add_validator(Eve),
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
				who: Bob.to_account_id(),
			}),
			RuntimeCall::System(frame_system::Call::set_code { code: vec![0; 8] }),
			RuntimeCall::Sudo(pallet_sudo::Call::set_key { new: Eve.to_account_id().into() }),
		];
		for call in root_only {
			let refused = call.clone().dispatch(passed()).map(|_| ()).map_err(|e| e.error);
			assert_eq!(refused, Err(DispatchError::BadOrigin), "{call:?}");
		}
	});
}

#[test]
fn a_signed_origin_has_no_track() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
			proposal_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(
				Alice.to_account_id(),
			))),
			proposal: Bounded::Inline(set_fee_split(new_split()).encode().try_into().unwrap()),
			enactment_moment: DispatchTime::After(0),
		});
		let (_, results) = run_signed(vec![(Alice.pair(), submit)]);
		assert_eq!(results, vec![Err(pallet_referenda::Error::<Runtime>::NoTrack.into())]);
	});
}

#[test]
fn voting_locks_open_until_the_conviction_period_ends() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, stake) = (Alice.to_account_id(), 200_000 * OPEN);
		let index = propose(
			Alice,
			OriginCaller::Origins(GovernanceOrigin::Parameters),
			set_fee_split(new_split()),
		);
		// Locked2x: twice the vote-locking period (10 blocks at the fast pace) after the end.
		run_ok(vec![
			(Alice, vote(index, true, Conviction::Locked2x, stake)),
			(Bob, vote(index, true, Conviction::None, 900_000 * OPEN)),
		]);
		assert_eq!(voting_lock(Alice), stake);

		// The locked OPEN cannot be moved while the lock holds.
		let free = Balances::free_balance(&alice);
		let transfer_all_but_lock =
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Eve.to_account_id().into(),
				value: free - stake / 2,
			});
		let (_, results) = run_signed(vec![(Alice.pair(), transfer_all_but_lock.clone())]);
		assert!(results[0].is_err(), "moved locked OPEN: {results:?}");

		let ReferendumInfo::Approved(ended, ..) = run_until_decided(index, 20) else {
			panic!("approved")
		};
		let unlocked_at = ended + 2 * 10;
		let remove = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::remove_vote {
			class: Some(PARAMETERS_TRACK),
			index,
		});
		let unlock = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::unlock {
			class: PARAMETERS_TRACK,
			target: alice.clone().into(),
		});
		run_ok(vec![(Alice, remove), (Alice, unlock.clone())]);
		assert!(System::block_number() < unlocked_at);
		assert_eq!(voting_lock(Alice), stake, "still locked by the conviction");

		crate::common::run_to_block(unlocked_at);
		run_ok(vec![(Alice, unlock)]);
		assert_eq!(voting_lock(Alice), 0);
		let (_, results) = run_signed(vec![(Alice.pair(), transfer_all_but_lock)]);
		assert_eq!(results, vec![Ok(())]);
	});
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark_with_event { remark: b"junk".to_vec() })
}

fn ongoing_track(index: u32) -> Option<u16> {
	match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index) {
		Some(ReferendumInfo::Ongoing(status)) => Some(status.track),
		_ => None,
	}
}

fn deciding(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(status)) if status.deciding.is_some()
	)
}

/// One block in which each `(signer, call)` is a transaction (one per signer); asserts that
/// every one succeeded.
fn block_ok(steps: Vec<(Sr25519Keyring, RuntimeCall)>) {
	let results =
		produce_block(steps.into_iter().map(|(who, call)| signed(&who.pair(), call)).collect());
	for result in results {
		assert!(matches!(result, Ok(Ok(()))), "{result:?}");
	}
}

fn note(call: &RuntimeCall) -> RuntimeCall {
	RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: call.encode() })
}

fn submit(origin: OriginCaller, call: &RuntimeCall) -> RuntimeCall {
	RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(origin),
		proposal: Bounded::Lookup {
			hash: BlakeTwo256::hash(&call.encode()),
			len: call.encoded_size() as u32,
		},
		enactment_moment: DispatchTime::After(0),
	})
}

fn decision_deposit(index: u32) -> RuntimeCall {
	RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index })
}

#[test]
fn junk_referenda_on_the_root_track_are_cancelled_and_killed_long_before_they_time_out() {
	// Eve and Ferdie fill the `root` track's deciding slots with junk. With one slot, and only
	// Root able to cancel, one junk referendum held the track for its whole decision period
	// (14 days; 20 blocks at this chain's pace), and every real proposal waited behind it.
	use sp_keyring::Sr25519Keyring::{AliceStash, Ferdie};
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let issuance = Balances::total_issuance();
		let pool = || Balances::free_balance(openledger_runtime::configs::RewardsPool::get());
		let root = || OriginCaller::system(frame_system::RawOrigin::Root);
		let (first_junk, second_junk, honest, cancel, kill) = (0, 1, 2, 3, 4);
		let junk = [
			remark(),
			RuntimeCall::System(frame_system::Call::remark_with_event {
				remark: b"more junk".to_vec(),
			}),
		];
		let cancel_call =
			RuntimeCall::Referenda(pallet_referenda::Call::cancel { index: first_junk });
		let kill_call = RuntimeCall::Referenda(pallet_referenda::Call::kill { index: second_junk });
		let canceller = || OriginCaller::Origins(GovernanceOrigin::ReferendumCanceller);
		let killer = || OriginCaller::Origins(GovernanceOrigin::ReferendumKiller);
		block_ok(vec![
			(Eve, note(&junk[0])),
			(Ferdie, note(&junk[1])),
			(AliceStash, note(&set_fee_split(new_split()))),
			(Alice, note(&cancel_call)),
			(Bob, note(&kill_call)),
		]);
		block_ok(vec![
			(Eve, submit(root(), &junk[0])),
			(Ferdie, submit(root(), &junk[1])),
			(AliceStash, submit(root(), &set_fee_split(new_split()))),
			(Alice, submit(canceller(), &cancel_call)),
			(Bob, submit(killer(), &kill_call)),
		]);
		block_ok(vec![
			(Eve, decision_deposit(first_junk)),
			(Ferdie, decision_deposit(second_junk)),
		]);
		block_ok(vec![
			(AliceStash, decision_deposit(honest)),
			(Alice, decision_deposit(cancel)),
			(Bob, decision_deposit(kill)),
		]);
		assert_eq!(ongoing_track(cancel), Some(REFERENDUM_CANCELLER_TRACK));
		assert_eq!(ongoing_track(kill), Some(REFERENDUM_KILLER_TRACK));
		let voters = [Alice, Bob, Charlie, Dave];
		for index in [cancel, kill] {
			block_ok(
				voters.map(|v| (v, vote(index, true, Conviction::None, 900_000 * OPEN))).into(),
			);
		}
		produce_block(vec![]);
		assert!(deciding(first_junk) && deciding(second_junk), "the junk took both slots");
		assert!(!deciding(honest), "the honest proposal waits");
		let junk_decided_by = match pallet_referenda::ReferendumInfoFor::<Runtime>::get(first_junk)
		{
			Some(ReferendumInfo::Ongoing(status)) => status.deciding.map(|d| d.since).unwrap() + 20,
			other => panic!("{other:?}"),
		};

		// OPEN holders cancel the first (its deposits returned) and kill the second (its
		// deposits slashed to the rewards pool), through the tracks made for it.
		let pool_before = pool();
		while ongoing_track(first_junk).is_some() || ongoing_track(second_junk).is_some() {
			assert!(
				System::block_number() < junk_decided_by,
				"the junk still holds the track at block {junk_decided_by}, when its decision \
				 period ends"
			);
			produce_block(vec![]);
		}
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(first_junk),
			Some(ReferendumInfo::Cancelled(..))
		));
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(second_junk),
			Some(ReferendumInfo::Killed(..))
		));
		// The killed referendum's submission and decision deposits went to the rewards pool.
		let submission = <Runtime as pallet_referenda::Config>::SubmissionDeposit::get();
		let slashed = submission + 10_000 * OPEN;
		assert!(pool() >= pool_before + slashed, "{pool_before} + {slashed} > {}", pool());

		// The honest proposal decides now, and passes.
		produce_block(vec![]);
		assert!(deciding(honest), "the honest proposal got a slot");
		block_ok(voters.map(|v| (v, vote(honest, true, Conviction::None, 900_000 * OPEN))).into());
		assert!(matches!(run_until_decided(honest, 30), ReferendumInfo::Approved(..)));
		assert_eq!(run_until_dispatched(5), Ok(()));
		assert_eq!(Attribution::fee_split(), new_split());
		assert_eq!(check_invariants(issuance), Ok(()));
	});
}

#[test]
fn the_removal_tracks_remove_referenda_and_do_nothing_else() {
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let voters = [Alice, Bob, Charlie, Dave];
		for origin in [GovernanceOrigin::ReferendumCanceller, GovernanceOrigin::ReferendumKiller] {
			let index = propose(Alice, OriginCaller::Origins(origin), set_fee_split(new_split()));
			run_ok(voters.map(|v| (v, vote(index, true, Conviction::None, 900_000 * OPEN))).into());
			assert!(matches!(run_until_decided(index, 20), ReferendumInfo::Approved(..)));
			assert_eq!(run_until_dispatched(5), Err(DispatchError::BadOrigin), "{origin:?}");
			assert_ne!(Attribution::fee_split(), new_split());
		}
	});
}

#[test]
fn tracks_follow_the_chains_pace() {
	let periods = || {
		<Runtime as pallet_referenda::Config>::Tracks::tracks()
			.map(|t| (t.info.decision_period, t.info.confirm_period))
			.collect::<Vec<_>>()
	};
	// The production periods, as documented in docs/governance.md.
	new_ext(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			periods(),
			vec![(14 * DAYS, DAYS), (3 * DAYS, DAYS / 24), (DAYS, DAYS / 24), (DAYS, DAYS / 24)]
		);
		assert_eq!(
			<Runtime as pallet_conviction_voting::Config>::VoteLockingPeriod::get(),
			7 * DAYS
		);
	});
	for preset in [DEV_RUNTIME_PRESET, LOCAL_FAST_GOVERNANCE_PRESET] {
		new_ext(preset).execute_with(|| {
			assert_eq!(periods(), vec![(20, 3), (10, 2), (10, 2), (10, 2)]);
			assert_eq!(<Runtime as pallet_conviction_voting::Config>::VoteLockingPeriod::get(), 10);
		});
	}
	// Both tables are sorted by id, as `pallet-referenda` requires.
	new_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(<Runtime as pallet_referenda::Config>::Tracks::check_integrity(), Ok(()));
	});
}

#[test]
fn only_the_development_chain_has_a_sudo_key() {
	for (preset, key) in [
		(DEV_RUNTIME_PRESET, Some(Alice)),
		(LOCAL_TESTNET_RUNTIME_PRESET, None),
		(LOCAL_FAST_GOVERNANCE_PRESET, None),
	] {
		new_ext(preset).execute_with(|| {
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				key.map(|k| k.to_account_id()),
				"{preset}"
			);
			// The key removes itself for good, as docs/governance.md tells.
			if let Some(key) = key {
				run_ok(vec![(key, RuntimeCall::Sudo(pallet_sudo::Call::remove_key {}))]);
				assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
			}
			// Without a key, sudo refuses everyone.
			let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
				call: Box::new(set_fee_split(new_split())),
			});
			let applied = produce_block(vec![signed(&Alice.pair(), sudo)]);
			assert_eq!(applied[0], Ok(Err(pallet_sudo::Error::<Runtime>::RequireSudo.into())));
		});
	}
}
