#!/usr/bin/env node
// The bare baseline of event-latency.js: one graphql-js mutation publishing to one graphql-ws
// subscription through an in-memory channel, served by node:http + graphql() and graphql-ws/use/ws +
// ws on 127.0.0.1. Nothing else: no auth, no database, no framework. Run as its own process (like
// the api), it prints "listening http://127.0.0.1:PORT" and stops on SIGTERM.
const { createServer } = require('node:http');
const {
  GraphQLSchema, GraphQLObjectType, GraphQLString, GraphQLID, GraphQLNonNull, GraphQLBoolean, graphql,
} = require('graphql');
const { WebSocketServer } = require('ws');
const { useServer } = require('graphql-ws/use/ws');

function channel() {
  const listeners = new Set();
  return {
    publish: (value) => { for (const listener of listeners) listener(value); },
    iterate() {
      const queue = []; let wake = null; let done = false;
      const push = (value) => { queue.push(value); if (wake) { wake(); wake = null; } };
      listeners.add(push);
      return {
        [Symbol.asyncIterator]() { return this; },
        async next() {
          while (!queue.length && !done) await new Promise((r) => { wake = r; });
          return done ? { done: true, value: undefined } : { done: false, value: queue.shift() };
        },
        async return() { done = true; listeners.delete(push); if (wake) wake(); return { done: true, value: undefined }; },
      };
    },
  };
}

async function startBare() {
  const feed = channel();
  let ids = 0;
  const Author = new GraphQLObjectType({ name: 'Author', fields: { nickname: { type: new GraphQLNonNull(GraphQLString) } } });
  const Message = new GraphQLObjectType({ name: 'Message', fields: {
    id: { type: new GraphQLNonNull(GraphQLID) }, text: { type: new GraphQLNonNull(GraphQLString) }, author: { type: new GraphQLNonNull(Author) },
  } });
  const Event = new GraphQLObjectType({ name: 'Event', fields: {
    type: { type: new GraphQLNonNull(GraphQLString) }, viewerCount: { type: GraphQLString }, reason: { type: GraphQLString },
    at: { type: GraphQLString }, viewer: { type: Author }, message: { type: Message },
  } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean, resolve: () => true } } }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: { sendChatMessage: {
      type: new GraphQLNonNull(Message),
      args: { liveId: { type: new GraphQLNonNull(GraphQLID) }, text: { type: new GraphQLNonNull(GraphQLString) } },
      resolve: (_root, { liveId, text }) => {
        const message = { id: String(++ids), text, author: { nickname: 'someone' } };
        feed.publish({ liveId, message });
        return message;
      },
    } } }),
    subscription: new GraphQLObjectType({ name: 'Subscription', fields: { liveEvents: {
      type: new GraphQLNonNull(Event),
      args: { liveId: { type: new GraphQLNonNull(GraphQLID) } },
      subscribe: () => feed.iterate(),
      resolve: (event) => ({ type: 'CHAT_MESSAGE', at: new Date().toISOString(), message: event.message }),
    } } }),
  });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') { res.statusCode = 404; res.end(); return; }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const result = await graphql({ schema, source: query, variableValues: variables });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const disposer = useServer({ schema }, wss);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await disposer.dispose();
      await new Promise((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r()));
    },
  };
}

startBare().then((bare) => {
  console.log(`listening ${bare.url}`);
  process.once('SIGTERM', () => bare.close().then(() => process.exit(0)));
}, (error) => { console.error(error); process.exit(1); });
