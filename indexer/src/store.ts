// A batch's entities, read once and written once: handlers change the objects in memory, and
// `flush` upserts every one of them, in an order that puts each row after the rows it refers to.
import {Store} from '@subsquid/typeorm-store'
import {FindOptionsRelations, In} from 'typeorm'
import * as m from './model'

type Entity = {id: string}
type Class<E extends Entity> = {new (props?: Partial<E>): E}

// Each entity's references, loaded with it so that writing it back keeps them.
const RELATIONS = new Map<Function, FindOptionsRelations<any>>([
    [m.Datanet, {owner: true}],
    [m.DatanetContributor, {datanet: true, account: true}],
    [m.Contribution, {datanet: true, contributor: true}],
    [m.DatanetVersion, {datanet: true}],
    [m.Model, {owner: true}],
    [m.ModelVersion, {model: true, base: true}],
    [m.ModelProvider, {model: true, provider: true}],
    [m.Inference, {model: true, consumer: true, provider: true, task: true}],
    [m.Challenge, {inference: true, challenger: true}],
    [m.AttributionEntry, {inference: true, contribution: {datanet: true}, contributor: true}],
    [m.RewardBucket, {account: true}],
    [m.Agent, {owner: true}],
    [m.Task, {agent: true, user: true}],
])

// Referred-to before referring: the order rows are written in.
const ORDER: Function[] = [
    m.Account, m.Datanet, m.DatanetVersion, m.Contribution, m.DatanetContributor, m.Review,
    m.Model, m.ModelVersion, m.Lineage, m.Provider, m.ModelProvider, m.Agent, m.Task,
    m.Inference, m.AttributionEntry, m.Challenge, m.RewardBucket, m.Claim, m.Emission, m.Minute,
    m.Referendum, m.Totals,
]

// Rows written once and never changed: inserted (cheaper than an upsert, and a batch of
// settlements makes hundreds of thousands of entries), never written back when read.
const WRITTEN_ONCE = new Set<Function>([m.AttributionEntry, m.Review, m.Claim, m.Lineage])

export class EntityCache {
    private readonly entities = new Map<Function, Map<string, Entity>>()
    private readonly created = new Set<Entity>()

    constructor(private readonly store: Store) {}

    private map(cls: Function): Map<string, Entity> {
        let map = this.entities.get(cls)
        if (map === undefined) {
            map = new Map()
            this.entities.set(cls, map)
        }
        return map
    }

    async get<E extends Entity>(cls: Class<E>, id: string): Promise<E | undefined> {
        const map = this.map(cls)
        const cached = map.get(id)
        if (cached !== undefined) return cached as E
        const found = await this.store.findOne(cls, {where: {id} as any, relations: RELATIONS.get(cls)})
        if (found !== undefined) map.set(id, found)
        return found
    }

    /** Loads many at once: a batch's settlements name hundreds of contributions. */
    async prefetch<E extends Entity>(cls: Class<E>, ids: Iterable<string>): Promise<void> {
        const map = this.map(cls)
        const missing = [...new Set(ids)].filter((id) => !map.has(id))
        for (let i = 0; i < missing.length; i += 1000) {
            const found = await this.store.find(cls, {
                where: {id: In(missing.slice(i, i + 1000))} as any,
                relations: RELATIONS.get(cls),
            })
            for (const entity of found) map.set(entity.id, entity)
        }
    }

    /** Every `cls` row that `where` selects, with those of this batch not yet written that `keep` keeps. */
    async findAll<E extends Entity>(cls: Class<E>, where: object, keep: (entity: E) => boolean): Promise<E[]> {
        const map = this.map(cls)
        const stored = await this.store.find(cls, {where: where as any, relations: RELATIONS.get(cls)})
        for (const entity of stored) if (!map.has(entity.id)) map.set(entity.id, entity)
        return [...map.values()].filter((entity) => keep(entity as E)) as E[]
    }

    async getOrCreate<E extends Entity>(cls: Class<E>, id: string, create: () => E): Promise<E> {
        const found = await this.get(cls, id)
        if (found !== undefined) return found
        return this.add(create())
    }

    add<E extends Entity>(entity: E): E {
        this.map(entity.constructor).set(entity.id, entity)
        this.created.add(entity)
        return entity
    }

    async flush(): Promise<void> {
        for (const cls of ORDER) {
            const map = this.entities.get(cls)
            if (map === undefined || map.size === 0) continue
            if (WRITTEN_ONCE.has(cls)) {
                const created = [...map.values()].filter((entity) => this.created.has(entity))
                if (created.length > 0) await this.store.insert(created as any)
            } else {
                await this.store.upsert([...map.values()] as any)
            }
        }
        this.entities.clear()
        this.created.clear()
    }
}
