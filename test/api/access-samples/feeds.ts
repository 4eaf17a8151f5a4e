/** Access-walk samples for feeds and clues: each unit gets a feed polled once, leaving one clue. */
import type { AccessModule } from '../../helpers/access';
import { FeedServer, rss } from '../../helpers/feed-server';

let server: FeedServer | null = null;

const feeds: AccessModule = {
  async setup(admin, unit) {
    server ??= await new FeedServer().start();
    const url = server.set(`/walk/${unit.id}`, rss([{ title: `网信工作动态 ${unit.id}`, link: `https://example.cn/${unit.id}` }]));
    const feed = await admin.post('/api/feeds', { unitId: unit.id, name: '走查订阅', url, any: ['网信'], intervalMinutes: 60 });
    if (feed.status !== 201) throw new Error(`feed setup failed: ${JSON.stringify(feed.body)}`);
    const polled = await admin.post(`/api/feeds/${feed.body.id}/poll`, {});
    const clues = await admin.get(`/api/clues?feedId=${feed.body.id}`);
    if (polled.status !== 200 || clues.body.items?.length !== 1) throw new Error(`clue setup failed: ${JSON.stringify(polled.body)}`);
    return { feedId: feed.body.id, clueId: clues.body.items[0].id };
  },
  samples: {
    'GET /api/feeds': (t) => [{ method: 'GET', url: `/api/feeds?unitId=${t.unit.id}` }],
    'GET /api/feeds/:id': (t) => [{ method: 'GET', url: `/api/feeds/${t.records.feedId}` }],
    'POST /api/feeds': (t) => [{ method: 'POST', url: '/api/feeds', body: { unitId: t.unit.id, name: '越权', url: 'https://example.cn/rss', any: ['网信'], intervalMinutes: 60 } }],
    'PUT /api/feeds/:id': (t) => [{ method: 'PUT', url: `/api/feeds/${t.records.feedId}`, body: { name: '改', url: 'https://example.cn/rss', any: ['网信'], intervalMinutes: 60, version: 0 } }],
    'POST /api/feeds/:id/archive': (t) => [{ method: 'POST', url: `/api/feeds/${t.records.feedId}/archive`, body: { version: 0 } }],
    'POST /api/feeds/:id/restore': (t) => [{ method: 'POST', url: `/api/feeds/${t.records.feedId}/restore`, body: { version: 0 } }],
    'POST /api/feeds/:id/poll': (t) => [{ method: 'POST', url: `/api/feeds/${t.records.feedId}/poll`, body: {} }],
    'GET /api/clues': (t) => [{ method: 'GET', url: `/api/clues?unitId=${t.unit.id}` }],
    'GET /api/clues/:id': (t) => [{ method: 'GET', url: `/api/clues/${t.records.clueId}` }],
    'POST /api/clues/:id/dismiss': (t) => [{ method: 'POST', url: `/api/clues/${t.records.clueId}/dismiss`, body: { version: 0 } }],
    'POST /api/clues/:id/restore': (t) => [{ method: 'POST', url: `/api/clues/${t.records.clueId}/restore`, body: { version: 0 } }],
    'POST /api/clues/:id/accept': (t) => [{ method: 'POST', url: `/api/clues/${t.records.clueId}/accept`, body: { version: 0 } }],
  },
};

export default feeds;
