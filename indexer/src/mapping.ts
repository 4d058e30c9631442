// From the chain's events to the explorer's entities. Each handler takes one event's arguments
// (as SQD decodes them: numbers over 2^53 as decimal strings, bytes and accounts as hex, enums
// as `{__kind, value}`) and reads storage at the event's block only for what the event does
// not carry (names, URIs, a model version's lineage, a referendum's tally, a bond).
import {Store} from '@subsquid/typeorm-store'
import * as ss58 from '@subsquid/ss58'
import * as m from './model'
import {EntityCache} from './store'

// Addresses in the chain's own format (its `System.SS58Prefix`), set from the first block.
let address: ss58.Codec

/** The events the indexer asks the node for. */
export const EVENTS = [
    'Datanets.DatanetCreated', 'Datanets.MetadataUpdated', 'Datanets.CuratorAdded',
    'Datanets.CuratorRemoved', 'Datanets.DatanetPaused', 'Datanets.DatanetResumed',
    'Datanets.DatanetArchived', 'Datanets.OwnershipTransferred', 'Datanets.Contributed',
    'Datanets.ContributionAccepted', 'Datanets.ContributionRejected',
    'Datanets.WithdrawalRequested', 'Datanets.ContributionWithdrawn',
    'Datanets.ContributionDisplaced', 'Datanets.VersionPublished',
    'Models.ModelRegistered', 'Models.ModelVersionPublished', 'Models.InferenceFeeChanged',
    'Models.ProviderAuthorized', 'Models.ProviderRevoked', 'Models.ModelDeprecated',
    'Models.OwnershipTransferred',
    'Attribution.InferenceRequested', 'Attribution.InferenceSettled',
    'Attribution.InferenceRefunded', 'Attribution.ChallengeOpened', 'Attribution.ChallengeRejected',
    'Attribution.ChallengeUpheld', 'Attribution.OutputBaseSet',
    'Rewards.Credited', 'Rewards.CreditTaken', 'Rewards.CreditRestored', 'Rewards.Claimed',
    'Rewards.EpochClosed',
    'ProviderBonds.Bonded', 'ProviderBonds.Unbonded', 'ProviderBonds.Withdrawn',
    'ProviderBonds.Slashed',
    'Agents.AgentRegistered', 'Agents.AgentUpdated', 'Agents.AgentPaused', 'Agents.AgentResumed',
    'Agents.StakeAdded', 'Agents.AgentRetired', 'Agents.StakeReleased',
    'Agents.OwnershipTransferred', 'Agents.OperatorChanged', 'Agents.TaskOpened',
    'Agents.InferenceBought', 'Agents.TaskCompleted', 'Agents.TaskDeclined', 'Agents.TaskExpired',
    'Referenda.Submitted', 'Referenda.DecisionDepositPlaced', 'Referenda.DecisionStarted',
    'Referenda.ConfirmStarted', 'Referenda.ConfirmAborted', 'Referenda.Confirmed',
    'Referenda.Approved', 'Referenda.Rejected', 'Referenda.TimedOut', 'Referenda.Cancelled',
    'Referenda.Killed', 'ConvictionVoting.Voted', 'ConvictionVoting.VoteRemoved',
]

interface BlockHeader {
    height: number
    hash: string
    timestamp?: number
    _runtime: {
        getStorage(blockHash: string, name: string, ...key: any[]): Promise<any>
        queryStorage(blockHash: string, name: string, keys: any[]): Promise<any[]>
        getStorageFallback(name: string): any
        getConstant(name: string): any
    }
}

interface Block {
    header: BlockHeader
    events: {name: string; args?: any; index: number}[]
}

const big = (value: unknown): bigint => BigInt(value as string | number | bigint)
const text = (hex: string | undefined): string =>
    hex === undefined ? '' : Buffer.from(hex.replace(/^0x/, ''), 'hex').toString('utf8')
const ppbOf = (fee: bigint, perbill: number | string): bigint => (fee * big(perbill)) / 1_000_000_000n
const HOUR = 3_600_000
const MINUTE = 60_000

export class Batch {
    private readonly cache: EntityCache
    private header!: BlockHeader
    private time!: Date
    // Read once per block: the fee split settlements in it were divided by.
    private split: Promise<any> | undefined
    private referenda = new Set<number>()
    // The block's new contributions as stored (for their URIs), read in one query.
    private contributions = new Map<string, any>()

    constructor(store: Store) {
        this.cache = new EntityCache(store)
    }

    async block(block: Block): Promise<void> {
        this.header = block.header
        address ??= ss58.codec(Number(block.header._runtime.getConstant('System.SS58Prefix')))
        this.time = new Date(block.header.timestamp ?? 0)
        this.split = undefined
        this.referenda.clear()
        await this.prefetch(block)
        for (const event of block.events) {
            const handle = HANDLERS[event.name]
            if (handle !== undefined) await handle.call(this, event.args, event.index)
        }
        for (const index of this.referenda) await this.referendum(index)
    }

    flush(): Promise<void> {
        return this.cache.flush()
    }

    // A block of settlements names thousands of contributions, and a block of contributions
    // thousands of new ones: load them in a few queries rather than one each.
    private async prefetch(block: Block): Promise<void> {
        const inferences: string[] = []
        const credited: string[] = []
        const contributed: string[] = []
        for (const event of block.events) {
            if (event.name === 'Attribution.InferenceSettled') {
                inferences.push(String(event.args.inference))
                for (const entry of event.args.record.attribution) credited.push(String(entry.contribution))
            } else if (event.name === 'Datanets.Contributed') {
                contributed.push(String(event.args.contribution))
            }
        }
        this.contributions.clear()
        // In pages, each request and answer well under the node's 15 MB.
        for (let i = 0; i < contributed.length; i += 2000) {
            const page = contributed.slice(i, i + 2000)
            const stored = await this.header._runtime.queryStorage(this.header.hash, 'Datanets.Contributions',
                page.map((id) => BigInt(id)))
            page.forEach((id, j) => this.contributions.set(id, stored[j]))
        }
        if (inferences.length === 0) return
        await this.cache.prefetch(m.Inference, inferences)
        await this.cache.prefetch(m.Contribution, credited)
    }

    private storage(name: string, ...key: any[]): Promise<any> {
        return this.header._runtime.getStorage(this.header.hash, name, ...key)
    }

    /** A value with a default (`ValueQuery`): the default while nothing is stored. */
    private async storageOrDefault(name: string): Promise<any> {
        return (await this.storage(name)) ?? this.header._runtime.getStorageFallback(name)
    }

    // --- shared rows -------------------------------------------------------------------------

    account(hex: string): Promise<m.Account> {
        const id = address.encode(hex)
        return this.cache.getOrCreate(m.Account, id, () => new m.Account({
            id, creditedData: 0n, creditedModel: 0n, creditedProvider: 0n, claimed: 0n,
        }))
    }

    private provider(hex: string): Promise<m.Provider> {
        const id = address.encode(hex)
        return this.cache.getOrCreate(m.Provider, id, () => new m.Provider({
            id, bonded: 0n, unbonding: 0n, slashed: 0n, settlements: 0, earned: 0n,
        }))
    }

    private minute(): Promise<m.Minute> {
        const start = Math.floor(this.time.getTime() / MINUTE) * MINUTE
        return this.cache.getOrCreate(m.Minute, String(start), () => new m.Minute({
            id: String(start), time: new Date(start), requested: 0, settled: 0, fees: 0n,
            toData: 0n, toModel: 0n, toProvider: 0n, toPool: 0n,
        }))
    }

    private totals(): Promise<m.Totals> {
        return this.cache.getOrCreate(m.Totals, 'chain', () => new m.Totals({
            id: 'chain', inferences: 0, settled: 0, fees: 0n, toData: 0n, toModel: 0n,
            toProvider: 0n, toPool: 0n, emitted: 0n, claimed: 0n,
        }))
    }

    private async bucket(hex: string): Promise<m.RewardBucket> {
        const account = await this.account(hex)
        const start = Math.floor(this.time.getTime() / HOUR) * HOUR
        const id = `${account.id}-${start}`
        return this.cache.getOrCreate(m.RewardBucket, id, () => new m.RewardBucket({
            id, account, hour: new Date(start), data: 0n, model: 0n, provider: 0n, claimed: 0n,
        }))
    }

    private async datanetContributor(datanet: m.Datanet, hex: string): Promise<m.DatanetContributor> {
        const account = await this.account(hex)
        const id = `${datanet.id}-${account.id}`
        return this.cache.getOrCreate(m.DatanetContributor, id, () => new m.DatanetContributor({
            id, datanet, account, contributions: 0, accepted: 0, earned: 0n,
        }))
    }

    /** An entity the chain's events promise exists; its absence is a gap in the index. */
    private async must<E extends {id: string}>(cls: {new (p?: Partial<E>): E; name: string}, id: unknown): Promise<E> {
        const found = await this.cache.get(cls, String(id))
        if (found === undefined) {
            throw new Error(`${cls.name} ${id} is not indexed, at block ${this.header.height}: index from genesis`)
        }
        return found
    }

    // --- Datanets ----------------------------------------------------------------------------

    async datanetCreated(a: any): Promise<void> {
        const info = await this.storage('Datanets.Datanets', a.datanet)
        this.cache.add(new m.Datanet({
            id: String(a.datanet), owner: await this.account(a.owner), name: text(info?.name),
            deposit: big(a.deposit), status: m.DatanetStatus.Active,
            curators: (info?.curators ?? []).map((c: string) => address.encode(c)),
            createdAt: this.header.height, createdTime: this.time,
            submitted: 0, accepted: 0, rejected: 0, earned: 0n,
        }))
    }

    async datanetRead(a: any): Promise<void> {
        const datanet = await this.must(m.Datanet, a.datanet)
        const info = await this.storage('Datanets.Datanets', a.datanet)
        if (info === undefined) return
        datanet.name = text(info.name)
        datanet.curators = info.curators.map((c: string) => address.encode(c))
    }

    async datanetStatus(a: any, status: m.DatanetStatus): Promise<void> {
        (await this.must(m.Datanet, a.datanet)).status = status
    }

    async datanetOwner(a: any): Promise<void> {
        (await this.must(m.Datanet, a.datanet)).owner = await this.account(a.to)
    }

    async contributed(a: any): Promise<void> {
        const datanet = await this.must(m.Datanet, a.datanet)
        const info = this.contributions.get(String(a.contribution))
        this.cache.add(new m.Contribution({
            id: String(a.contribution), datanet, contributor: await this.account(a.contributor),
            contentHash: a.contentHash, uri: text(info?.uri), sizeBytes: big(a.sizeBytes),
            deposit: big(a.deposit), status: m.ContributionStatus.Pending,
            submittedAt: this.header.height, submittedTime: this.time, attributions: 0, earned: 0n,
        }))
        datanet.submitted += 1
        ;(await this.datanetContributor(datanet, a.contributor)).contributions += 1
    }

    async reviewed(a: any, index: number, verdict: m.Verdict): Promise<void> {
        const contribution = await this.must(m.Contribution, a.contribution)
        const datanet = await this.must(m.Datanet, a.datanet)
        this.cache.add(new m.Review({
            id: `${a.contribution}-${this.header.height}-${index}`, contribution,
            reviewer: await this.account(a.reviewer), verdict, slashed: big(a.slashed ?? 0),
            block: this.header.height, time: this.time,
        }))
        if (verdict === m.Verdict.Accepted) {
            contribution.status = m.ContributionStatus.Accepted
            contribution.sequence = big(a.sequence)
            datanet.accepted += 1
            ;(await this.datanetContributor(datanet, a.contributor)).accepted += 1
        } else {
            contribution.status = m.ContributionStatus.Rejected
            datanet.rejected += 1
        }
    }

    async contributionStatus(a: any, status: m.ContributionStatus): Promise<void> {
        (await this.must(m.Contribution, a.contribution)).status = status
    }

    async versionPublished(a: any): Promise<void> {
        const datanet = await this.must(m.Datanet, a.datanet)
        this.cache.add(new m.DatanetVersion({
            id: `${a.datanet}-${a.version}`, datanet, version: Number(a.version),
            contributions: big(a.contributions), added: big(a.added), totalBytes: big(a.totalBytes),
            merkleRoot: a.merkleRoot, publishedAt: this.header.height, publishedTime: this.time,
        }))
    }

    // --- Models ------------------------------------------------------------------------------

    async modelRegistered(a: any): Promise<void> {
        const info = await this.storage('Models.Models', a.model)
        const model = this.cache.add(new m.Model({
            id: String(a.model), owner: await this.account(a.owner), name: text(info?.name),
            kind: a.kind.__kind, status: m.ModelStatus.Active, inferenceFee: big(a.inferenceFee),
            registeredAt: this.header.height, registeredTime: this.time, inferences: 0, settled: 0,
            fees: 0n,
        }))
        await this.modelVersion(model, 1, a.artifactHash)
    }

    async modelVersionPublished(a: any): Promise<void> {
        await this.modelVersion(await this.must(m.Model, a.model), Number(a.version), a.artifactHash)
    }

    private async modelVersion(model: m.Model, version: number, artifactHash: string): Promise<void> {
        const info = await this.storage('Models.Versions', Number(model.id), version)
        const base = info?.base === undefined ? undefined
            : await this.cache.get(m.ModelVersion, `${info.base.model}-${info.base.version}`)
        const row = this.cache.add(new m.ModelVersion({
            id: `${model.id}-${version}`, model, version, artifactHash, base,
            publishedAt: this.header.height, publishedTime: this.time,
        }))
        for (const entry of info?.lineage ?? []) {
            const datanetVersion = await this.must(m.DatanetVersion, `${entry.datanet}-${entry.version}`)
            this.cache.add(new m.Lineage({id: `${row.id}-${entry.datanet}`, modelVersion: row, datanetVersion}))
        }
    }

    async feeChanged(a: any): Promise<void> {
        (await this.must(m.Model, a.model)).inferenceFee = big(a.newFee)
    }

    async providerAuthorized(a: any, active: boolean): Promise<void> {
        const model = await this.must(m.Model, a.model)
        const provider = await this.provider(a.provider)
        const id = `${model.id}-${provider.id}`
        const row = await this.cache.getOrCreate(m.ModelProvider, id, () => new m.ModelProvider({
            id, model, provider, active, settlements: 0,
        }))
        row.active = active
    }

    async modelDeprecated(a: any): Promise<void> {
        (await this.must(m.Model, a.model)).status = m.ModelStatus.Deprecated
    }

    async modelOwner(a: any): Promise<void> {
        (await this.must(m.Model, a.model)).owner = await this.account(a.to)
    }

    // --- Inferences and their attribution ----------------------------------------------------

    async inferenceRequested(a: any): Promise<void> {
        const model = await this.must(m.Model, a.model)
        this.cache.add(new m.Inference({
            id: String(a.inference), model, version: Number(a.version),
            consumer: await this.account(a.consumer), fee: big(a.fee), requestHash: a.requestHash,
            private: Boolean(a.private), status: m.InferenceStatus.Pending,
            requestedAt: this.header.height, requestedTime: this.time,
        }))
        model.inferences += 1
        ;(await this.minute()).requested += 1
        ;(await this.totals()).inferences += 1
    }

    async inferenceSettled(a: any): Promise<void> {
        const record = a.record
        const inference = await this.must(m.Inference, a.inference)
        const fee = big(record.fee)
        const payout = {
            data: big(record.payout.data), model: big(record.payout.model),
            provider: big(record.payout.provider), pool: big(record.payout.pool),
        }
        const provider = await this.provider(record.provider)
        Object.assign(inference, {
            status: m.InferenceStatus.Settled, provider, outputHash: record.outputHash,
            outputUri: a.disclosure.__kind === 'Published' ? text(a.disclosure.value) : undefined,
            settledAt: this.header.height, settledTime: this.time,
            toData: payout.data, toModel: payout.model, toProvider: payout.provider, toPool: payout.pool,
        })
        // Each entry's amount as the runtime divides it (Payout::divide): the data part of the
        // fee, rounded down, then each share of it, rounded down.
        this.split ??= this.storageOrDefault('Attribution.FeeSplitOf')
        const dataFee = ppbOf(fee, (await this.split).data)
        for (const [position, entry] of record.attribution.entries()) {
            const contribution = await this.must(m.Contribution, entry.contribution)
            const amount = ppbOf(dataFee, entry.share)
            this.cache.add(new m.AttributionEntry({
                id: `${inference.id}-${position}`, inference, contribution,
                contributor: contribution.contributor, sharePpb: Number(entry.share), amount,
            }))
            contribution.attributions += 1
            contribution.earned += amount
            const datanet = await this.must(m.Datanet, contribution.datanet.id)
            datanet.earned += amount
            const contributorId = contribution.contributor.id
            const dc = await this.must(m.DatanetContributor, `${datanet.id}-${contributorId}`)
            dc.earned += amount
        }
        const model = await this.must(m.Model, record.model)
        model.settled += 1
        model.fees += fee
        provider.settlements += 1
        provider.earned += payout.provider
        const served = await this.cache.get(m.ModelProvider, `${model.id}-${provider.id}`)
        if (served !== undefined) served.settlements += 1
        for (const row of [await this.minute(), await this.totals()]) {
            row.settled += 1
            row.fees += fee
            row.toData += payout.data
            row.toModel += payout.model
            row.toProvider += payout.provider
            row.toPool += payout.pool
        }
    }

    async inferenceRefunded(a: any): Promise<void> {
        (await this.must(m.Inference, a.inference)).status = m.InferenceStatus.Refunded
    }

    async challengeOpened(a: any): Promise<void> {
        this.cache.add(new m.Challenge({
            id: `${a.inference}-${a.challenge}`, inference: await this.must(m.Inference, a.inference),
            challenger: await this.account(a.challenger), contribution: String(a.contribution),
            dispute: a.dispute.__kind, deposit: big(a.deposit), status: m.ChallengeStatus.Open,
            openedAt: this.header.height,
        }))
    }

    async challengeClosed(a: any, status: m.ChallengeStatus): Promise<void> {
        const challenge = await this.must(m.Challenge, `${a.inference}-${a.challenge}`)
        challenge.status = status
        challenge.closedAt = this.header.height
        if (status === m.ChallengeStatus.Upheld && big(a.voided) > 0n) await this.voided(String(a.inference))
    }

    // An upheld challenge voided the record: everything it credited went to the pool, so it no
    // longer counts in what the contributions, the Datanets and the provider earned. Its entries
    // keep what they had been credited.
    private async voided(id: string): Promise<void> {
        const inference = await this.must(m.Inference, id)
        const entries = await this.cache.findAll(m.AttributionEntry, {inference: {id}}, (e) => e.inference.id === id)
        for (const entry of entries) {
            const contribution = await this.must(m.Contribution, entry.contribution.id)
            contribution.earned -= entry.amount
            const datanet = await this.must(m.Datanet, contribution.datanet.id)
            datanet.earned -= entry.amount
            ;(await this.must(m.DatanetContributor, `${datanet.id}-${entry.contributor.id}`)).earned -= entry.amount
        }
        const provider = await this.must(m.Provider, inference.provider!.id)
        provider.earned -= inference.toProvider ?? 0n
        const [data, model, toProvider] = [inference.toData ?? 0n, inference.toModel ?? 0n, inference.toProvider ?? 0n]
        const totals = await this.totals()
        totals.toData -= data
        totals.toModel -= model
        totals.toProvider -= toProvider
        totals.toPool += data + model + toProvider
        Object.assign(inference, {status: m.InferenceStatus.Voided, toData: 0n, toModel: 0n, toProvider: 0n, toPool: inference.fee})
    }

    async outputBaseSet(a: any): Promise<void> {
        (await this.provider(a.provider)).outputBase = a.base == null ? null : text(a.base)
    }

    // --- Rewards -----------------------------------------------------------------------------

    async credited(a: any, sign: bigint): Promise<void> {
        const amount = big(a.amount) * sign
        const account = await this.account(a.who)
        const bucket = await this.bucket(a.who)
        switch (a.source.__kind) {
            case 'Data': account.creditedData += amount; bucket.data += amount; break
            case 'Model': account.creditedModel += amount; bucket.model += amount; break
            case 'Provider': account.creditedProvider += amount; bucket.provider += amount; break
        }
    }

    async claimed(a: any, index: number): Promise<void> {
        const account = await this.account(a.who)
        const amount = big(a.amount)
        this.cache.add(new m.Claim({
            id: `${this.header.height}-${index}`, account, amount, data: big(a.data),
            model: big(a.model), provider: big(a.provider), emission: big(a.emission),
            block: this.header.height, time: this.time,
        }))
        account.claimed += amount
        ;(await this.bucket(a.who)).claimed += amount
        ;(await this.totals()).claimed += amount
    }

    async epochClosed(a: any): Promise<void> {
        this.cache.add(new m.Emission({
            id: String(a.epoch), emitted: big(a.emitted), score: big(a.score),
            attributedToData: big(a.attributedToData), closedAt: this.header.height,
            closedTime: this.time,
        }))
        ;(await this.totals()).emitted += big(a.emitted)
    }

    // --- Provider bonds: the bond as stored after the event ----------------------------------

    async bond(a: any): Promise<void> {
        const provider = await this.provider(a.who)
        const bond = await this.storage('ProviderBonds.Bonds', a.who)
        provider.bonded = big(bond?.active ?? 0)
        provider.unbonding = big(bond?.unbonding?.amount ?? 0)
    }

    async slashed(a: any): Promise<void> {
        (await this.provider(a.who)).slashed += big(a.amount)
        await this.bond(a)
    }

    // --- Agents and tasks --------------------------------------------------------------------

    async agentRegistered(a: any): Promise<void> {
        this.cache.add(new m.Agent({
            id: String(a.agent), owner: await this.account(a.owner),
            operator: address.encode(a.operator), price: big(a.price), stake: big(a.stake),
            status: m.AgentStatus.Active, registeredAt: this.header.height, completed: 0, earned: 0n,
        }))
    }

    async agent(a: any, change: (agent: m.Agent) => void | Promise<void>): Promise<void> {
        await change(await this.must(m.Agent, a.agent))
    }

    async taskOpened(a: any): Promise<void> {
        this.cache.add(new m.Task({
            id: String(a.task), agent: await this.must(m.Agent, a.agent), user: await this.account(a.user),
            budget: big(a.budget), agentFee: big(a.agentFee), spent: 0n, status: m.TaskStatus.Open,
            openedAt: this.header.height,
        }))
    }

    async inferenceBought(a: any): Promise<void> {
        const task = await this.must(m.Task, a.task)
        task.spent = big(a.spent)
        ;(await this.must(m.Inference, a.inference)).task = task
    }

    async taskClosed(a: any, status: m.TaskStatus): Promise<void> {
        const task = await this.must(m.Task, a.task)
        task.status = status
        task.refund = big(a.refund)
        task.closedAt = this.header.height
        if (status === m.TaskStatus.Completed) {
            const agent = await this.must(m.Agent, a.agent)
            agent.completed += 1
            agent.earned += big(a.agentFee)
        }
    }

    // --- Governance: a referendum as stored at the end of a block that touched it ------------

    async touchReferendum(index: unknown): Promise<void> {
        this.referenda.add(Number(index))
    }

    private async referendum(index: number): Promise<void> {
        const info = await this.storage('Referenda.ReferendumInfoFor', index)
        if (info === undefined) return
        const row = await this.cache.getOrCreate(m.Referendum, String(index), () => new m.Referendum({
            id: String(index), track: 0, status: '', ayes: 0n, nays: 0n, support: 0n,
            submittedAt: this.header.height, updatedAt: this.header.height,
        }))
        row.updatedAt = this.header.height
        if (info.__kind === 'Ongoing') {
            const status = info.value
            row.track = Number(status.track)
            row.ayes = big(status.tally.ayes)
            row.nays = big(status.tally.nays)
            row.support = big(status.tally.support)
            row.status = status.deciding == null ? 'Preparing'
                : status.deciding.confirming == null ? 'Deciding' : 'Confirming'
        } else {
            row.status = info.__kind
        }
    }
}

type Handler = (this: Batch, args: any, index: number) => Promise<void>

const HANDLERS: Record<string, Handler> = {
    'Datanets.DatanetCreated': Batch.prototype.datanetCreated,
    'Datanets.MetadataUpdated': Batch.prototype.datanetRead,
    'Datanets.CuratorAdded': Batch.prototype.datanetRead,
    'Datanets.CuratorRemoved': Batch.prototype.datanetRead,
    'Datanets.DatanetPaused': function (a) { return this.datanetStatus(a, m.DatanetStatus.Paused) },
    'Datanets.DatanetResumed': function (a) { return this.datanetStatus(a, m.DatanetStatus.Active) },
    'Datanets.DatanetArchived': function (a) { return this.datanetStatus(a, m.DatanetStatus.Archived) },
    'Datanets.OwnershipTransferred': Batch.prototype.datanetOwner,
    'Datanets.Contributed': Batch.prototype.contributed,
    'Datanets.ContributionAccepted': function (a, i) { return this.reviewed(a, i, m.Verdict.Accepted) },
    'Datanets.ContributionRejected': function (a, i) { return this.reviewed(a, i, m.Verdict.Rejected) },
    'Datanets.WithdrawalRequested': function (a) {
        return this.contributionStatus(a, m.ContributionStatus.WithdrawalRequested)
    },
    'Datanets.ContributionWithdrawn': function (a) {
        return this.contributionStatus(a, m.ContributionStatus.Withdrawn)
    },
    'Datanets.ContributionDisplaced': function (a) {
        return this.contributionStatus(a, m.ContributionStatus.Displaced)
    },
    'Datanets.VersionPublished': Batch.prototype.versionPublished,
    'Models.ModelRegistered': Batch.prototype.modelRegistered,
    'Models.ModelVersionPublished': Batch.prototype.modelVersionPublished,
    'Models.InferenceFeeChanged': Batch.prototype.feeChanged,
    'Models.ProviderAuthorized': function (a) { return this.providerAuthorized(a, true) },
    'Models.ProviderRevoked': function (a) { return this.providerAuthorized(a, false) },
    'Models.ModelDeprecated': Batch.prototype.modelDeprecated,
    'Models.OwnershipTransferred': Batch.prototype.modelOwner,
    'Attribution.InferenceRequested': Batch.prototype.inferenceRequested,
    'Attribution.InferenceSettled': Batch.prototype.inferenceSettled,
    'Attribution.InferenceRefunded': Batch.prototype.inferenceRefunded,
    'Attribution.ChallengeOpened': Batch.prototype.challengeOpened,
    'Attribution.ChallengeRejected': function (a) { return this.challengeClosed(a, m.ChallengeStatus.Rejected) },
    'Attribution.ChallengeUpheld': function (a) { return this.challengeClosed(a, m.ChallengeStatus.Upheld) },
    'Attribution.OutputBaseSet': Batch.prototype.outputBaseSet,
    'Rewards.Credited': function (a) { return this.credited(a, 1n) },
    'Rewards.CreditRestored': function (a) { return this.credited(a, 1n) },
    'Rewards.CreditTaken': function (a) { return this.credited(a, -1n) },
    'Rewards.Claimed': Batch.prototype.claimed,
    'Rewards.EpochClosed': Batch.prototype.epochClosed,
    'ProviderBonds.Bonded': Batch.prototype.bond,
    'ProviderBonds.Unbonded': Batch.prototype.bond,
    'ProviderBonds.Withdrawn': Batch.prototype.bond,
    'ProviderBonds.Slashed': Batch.prototype.slashed,
    'Agents.AgentRegistered': Batch.prototype.agentRegistered,
    'Agents.AgentUpdated': function (a) { return this.agent(a, (x) => { x.price = big(a.price) }) },
    'Agents.AgentPaused': function (a) { return this.agent(a, (x) => { x.status = m.AgentStatus.Paused }) },
    'Agents.AgentResumed': function (a) { return this.agent(a, (x) => { x.status = m.AgentStatus.Active }) },
    'Agents.StakeAdded': function (a) { return this.agent(a, (x) => { x.stake = big(a.stake) }) },
    'Agents.AgentRetired': function (a) { return this.agent(a, (x) => { x.status = m.AgentStatus.Retired }) },
    'Agents.StakeReleased': function (a) {
        return this.agent(a, (x) => { x.status = m.AgentStatus.Released; x.stake = 0n })
    },
    'Agents.OwnershipTransferred': function (a) {
        return this.agent(a, async (x) => { x.owner = await this.account(a.to) })
    },
    'Agents.OperatorChanged': function (a) {
        return this.agent(a, (x) => { x.operator = address.encode(a.operator) })
    },
    'Agents.TaskOpened': Batch.prototype.taskOpened,
    'Agents.InferenceBought': Batch.prototype.inferenceBought,
    'Agents.TaskCompleted': function (a) { return this.taskClosed(a, m.TaskStatus.Completed) },
    'Agents.TaskDeclined': function (a) { return this.taskClosed(a, m.TaskStatus.Declined) },
    'Agents.TaskExpired': function (a) { return this.taskClosed(a, m.TaskStatus.Expired) },
    'ConvictionVoting.Voted': function (a) { return this.touchReferendum(a.pollIndex) },
    'ConvictionVoting.VoteRemoved': function (a) { return this.touchReferendum(a.pollIndex) },
}
for (const name of EVENTS.filter((n) => n.startsWith('Referenda.'))) {
    HANDLERS[name] = function (a) { return this.touchReferendum(a.index) }
}
