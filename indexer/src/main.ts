// The explorer's indexer: follows an OpenLedger node over RPC from genesis (or from where it
// stopped) into PostgreSQL. SQD's processor keeps the unfinalized blocks' changes apart
// (`supportHotBlocks`) and rolls them back when the node switches to another fork; the
// processor's status row records the last block written, in the same transaction, so a
// restart resumes there.
import {SubstrateBatchProcessor} from '@subsquid/substrate-processor'
import {TypeormDatabase} from '@subsquid/typeorm-store'
import {EVENTS, Batch} from './mapping'

const endpoint = process.env.RPC_ENDPOINT ?? 'ws://127.0.0.1:9944'

const processor = new SubstrateBatchProcessor()
    .setRpcEndpoint({
        url: endpoint,
        // One call a request: a block full of settlements has megabytes of events, and a batch
        // of such answers outgrows the node's largest response (15 MB by default), which it
        // then never sends.
        maxBatchCallSize: Number(process.env.RPC_MAX_BATCH_CALL_SIZE ?? 1),
        requestTimeout: 60_000,
    })
    // A dev node makes a block every 6 s: look for the next one every second.
    .setRpcDataIngestionSettings({headPollInterval: 1000})
    .setBlockRange({from: 0})
    .setFields({block: {timestamp: true}, event: {args: true}})
    .addEvent({name: EVENTS})

processor.run(new TypeormDatabase({supportHotBlocks: true}), async (ctx) => {
    const batch = new Batch(ctx.store)
    for (const block of ctx.blocks) {
        await batch.block(block)
    }
    await batch.flush()
})
