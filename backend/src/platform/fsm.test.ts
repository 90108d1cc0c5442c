import { defineMachine } from './fsm';
import { AppError } from './errors';

const states = ['pending', 'paid', 'shipped', 'cancelled', 'done'] as const;

const machine = () =>
  defineMachine({
    name: 'test-order',
    states,
    initial: 'pending',
    terminal: ['cancelled', 'done'],
    transitions: {
      pay: { from: ['pending'], to: 'paid' },
      ship: { from: ['paid'], to: 'shipped' },
      cancel: { from: ['pending'], to: 'cancelled' },
      complete: { from: ['shipped'], to: 'done' },
    },
  });

describe('defineMachine', () => {
  it('moves along legal transitions', () => {
    const m = machine();
    expect(m.next('pending', 'pay')).toBe('paid');
    expect(m.sourcesOf('cancel')).toEqual(['pending']);
    expect(m.can('paid', 'cancel')).toBe(false);
  });

  it('throws ILLEGAL_TRANSITION with a stable code', () => {
    try {
      machine().next('shipped', 'pay');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('ILLEGAL_TRANSITION');
      expect((e as AppError).status).toBe(409);
    }
  });

  it('refuses a table with an unknown state, a transition out of a terminal state or an unreachable state', () => {
    expect(() =>
      defineMachine({
        name: 'bad',
        states: ['a', 'b'] as const,
        initial: 'a',
        terminal: ['b'],
        transitions: { go: { from: ['a'], to: 'c' as 'b' } },
      }),
    ).toThrow(/target c is not a state/);
    expect(() =>
      defineMachine({
        name: 'bad',
        states: ['a', 'b'] as const,
        initial: 'a',
        terminal: ['b'],
        transitions: { go: { from: ['a'], to: 'b' }, back: { from: ['b'], to: 'a' } },
      }),
    ).toThrow(/leaves terminal state b/);
    expect(() =>
      defineMachine({
        name: 'bad',
        states: ['a', 'b', 'c'] as const,
        initial: 'a',
        terminal: ['b'],
        transitions: { go: { from: ['a'], to: 'b' } },
      }),
    ).toThrow(/state c is unreachable/);
  });
});
