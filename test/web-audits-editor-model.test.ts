import { describe, expect, it } from 'vitest';
import { addItem, addSection, missingByLanguage, moveItem, moveItemToMoment, slugOf, textsOf, uniqueKey, withType } from '../web/src/audits/checklist-editor-model.ts';

/* The checklist editor's pure edits: what the page relies on to keep a draft well-formed. */

const base = (): Parameters<typeof addSection>[0] => ({
  journeyKey: 'hall',
  sections: [
    {
      momentKey: 'greeting',
      items: [
        { key: 'greeted', text: { en: 'Greeted', ru: 'Поприветствовали' }, type: 'yes_no' },
        { key: 'smiled', text: { en: 'Smiled' }, type: 'score', maxScore: 4, passScore: 3 },
      ],
    },
  ],
});

describe('checklist editor model', () => {
  it('makes keys from texts, and unique ones', () => {
    expect(slugOf('Walk the customer out!')).toBe('walk-the-customer-out');
    expect(slugOf('Árvíztűrő tükörfúrógép')).toBe('arvizturo-tukorfurogep');
    expect(slugOf('只有中文')).toBe('');
    expect(uniqueKey('item', new Set(['item', 'item-2']))).toBe('item-3');
    // A new item never takes a key already used in another section.
    const withTwo = addItem(addSection(base(), 'leave'), 1);
    expect(withTwo.sections[1]!.items.map((item) => item.key)).toEqual(['item', 'item-2']);
  });

  it('moves items within a section and to another moment, without touching the input', () => {
    const definition = base();
    const swapped = moveItem(definition, 0, 1, -1);
    expect(swapped.sections[0]!.items.map((item) => item.key)).toEqual(['smiled', 'greeted']);
    expect(moveItem(definition, 0, 0, -1)).toBe(definition);
    const moved = moveItemToMoment(definition, 0, 1, 'leave');
    expect(moved.sections.map((section) => [section.momentKey, section.items.map((item) => item.key)])).toEqual([
      ['greeting', ['greeted']],
      ['leave', ['smiled']],
    ]);
    expect(definition.sections[0]!.items).toHaveLength(2);
  });

  it('keeps an item valid when its type changes', () => {
    const score = definition0Item(1);
    const yesNo = withType(score, 'yes_no');
    expect(yesNo).not.toHaveProperty('maxScore');
    expect(yesNo).not.toHaveProperty('passScore');
    expect(withType(yesNo, 'score').maxScore).toBe(4);
  });

  it('counts missing translations per language, ignoring texts empty everywhere', () => {
    const missing = missingByLanguage(textsOf({ en: 'Hall' }, null, base()));
    expect(missing).toEqual({ en: 0, ru: 2, 'zh-CN': 3, 'zh-TW': 3, hu: 3 });
    expect(missingByLanguage([{}])).toEqual({ en: 0, ru: 0, 'zh-CN': 0, 'zh-TW': 0, hu: 0 });
  });
});

function definition0Item(index: number) {
  return base().sections[0]!.items[index]!;
}
