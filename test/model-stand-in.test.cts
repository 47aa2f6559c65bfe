/**
 * The OpenAI-compatible model stand-in of test/helpers: scripted turns matched on the request, final
 * answers and tool calls in OpenAI's format, plain JSON and server-sent events, every request recorded.
 */
import { startModelStandIn, type ModelStandIn } from './helpers/model-stand-in.cjs';

let model: ModelStandIn;

beforeAll(async () => {
	model = await startModelStandIn();
});
afterAll(async () => {
	await model.close();
});

async function chat(body: Record<string, unknown>) {
	const res = await fetch(`${model.url}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
		body: JSON.stringify({ model: 'gpt-4o-mini', ...body }),
	});
	return { status: res.status, text: await res.text() };
}

const user = (content: string) => [
	{ role: 'system', content: 'You are a service desk assistant.' },
	{ role: 'user', content },
];

test('GET /models lists models, as the credential test and the model list ask', async () => {
	const res = await fetch(`${model.url}/models`, { headers: { authorization: 'Bearer x' } });
	expect(res.status).toBe(200);
	const list = (await res.json()) as { object: string; data: Array<{ id: string }> };
	expect(list.object).toBe('list');
	expect(list.data.map((m) => m.id)).toContain('gpt-4o-mini');
});

test('the first matching turn with uses left answers; a tool call, then the final answer after the tool result', async () => {
	model.script([
		{
			name: 'look up',
			lastMessage: /printer/i,
			tools: ['get_ticket'],
			reply: { toolCalls: [{ name: 'get_ticket', arguments: { id: 7 }, id: 'call_1' }] },
		},
		{
			name: 'answer',
			when: (r) => r.messages.some((m) => m.role === 'tool'),
			reply: (r) => `Ticket says: ${String(r.messages[r.messages.length - 1].content)}`,
		},
		{ name: 'sentiment', system: /sentiment/, reply: '{"sentiment":"Negative"}', times: Infinity },
	]);
	const first = JSON.parse(
		(
			await chat({
				messages: user('The printer is down'),
				tools: [{ type: 'function', function: { name: 'get_ticket', parameters: {} } }],
			})
		).text,
	);
	expect(first.object).toBe('chat.completion');
	expect(first.choices[0]).toMatchObject({
		finish_reason: 'tool_calls',
		message: {
			role: 'assistant',
			tool_calls: [
				{ id: 'call_1', type: 'function', function: { name: 'get_ticket', arguments: '{"id":7}' } },
			],
		},
	});
	const second = JSON.parse(
		(
			await chat({
				messages: [
					...user('The printer is down'),
					first.choices[0].message,
					{ role: 'tool', tool_call_id: 'call_1', content: 'Printer offline' },
				],
			})
		).text,
	);
	expect(second.choices[0]).toMatchObject({
		finish_reason: 'stop',
		message: { role: 'assistant', content: 'Ticket says: Printer offline' },
	});
	expect(model.pending()).toEqual([]);
	// used up: the same request again matches nothing and fails loudly
	const again = await chat({ messages: user('The printer is down') });
	expect(again.status).toBe(500);
	expect(JSON.parse(again.text).error.message).toContain('The printer is down');
	for (const _ of [1, 2])
		expect(
			JSON.parse(
				(
					await chat({
						messages: [{ role: 'system', content: 'Analyze the sentiment' }, ...user('x').slice(1)],
					})
				).text,
			).choices[0].message.content,
		).toBe('{"sentiment":"Negative"}');
	expect(model.requests.slice(-5).map((r) => r.turn)).toEqual([
		'look up',
		'answer',
		undefined,
		'sentiment',
		'sentiment',
	]);
	expect(model.chats().at(-1)!.messages[0].content).toBe('Analyze the sentiment');
});

test('stream: true answers with server-sent events, content and tool calls, usage when asked, then [DONE]', async () => {
	model.script([], { content: 'Hello', toolCalls: [{ name: 'search', arguments: '{"q":"vpn"}' }] });
	const { status, text } = await chat({
		messages: user('hi'),
		stream: true,
		stream_options: { include_usage: true },
	});
	expect(status).toBe(200);
	const events = text
		.split('\n\n')
		.filter(Boolean)
		.map((e) => e.replace(/^data: /, ''));
	expect(events.at(-1)).toBe('[DONE]');
	const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
	expect(chunks.map((c) => c.object)).toEqual(Array(chunks.length).fill('chat.completion.chunk'));
	const deltas = chunks.flatMap((c) => c.choices.map((ch: { delta: unknown }) => ch.delta));
	expect(deltas.map((d: { content?: string }) => d.content ?? '').join('')).toBe('Hello');
	expect(deltas.find((d: { tool_calls?: unknown }) => d.tool_calls)).toMatchObject({
		tool_calls: [
			{ index: 0, type: 'function', function: { name: 'search', arguments: '{"q":"vpn"}' } },
		],
	});
	expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe(
		'tool_calls',
	);
	expect(chunks.at(-1).usage).toMatchObject({ total_tokens: 20 });
	expect(model.requests.at(-1)!.turn).toBe('fallback');
});

test('the Responses API is refused with a hint', async () => {
	const res = await fetch(`${model.url}/responses`, { method: 'POST', body: '{}' });
	expect(res.status).toBe(404);
	expect(await res.text()).toContain('Use Responses API');
});
