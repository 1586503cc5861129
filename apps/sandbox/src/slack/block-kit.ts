import { MAX_BLOCKS } from './constants';

export type BlocksCheck =
  | { ok: true; blocks: unknown[] }
  | { ok: false; error: 'invalid_blocks_format' }
  | { ok: false; error: 'invalid_blocks'; messages: string[] };

const TEXT_TYPES = new Set(['plain_text', 'mrkdwn']);
const OTHER_BLOCK_TYPES = new Set([
  'actions',
  'file',
  'input',
  'markdown',
  'rich_text',
  'video',
  'table',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects Block Kit errors in Slack's wording: `<problem> [json-pointer:/blocks/0/text]`. */
class Problems {
  readonly messages: string[] = [];

  add(problem: string, pointer: string): void {
    this.messages.push(`${problem} [json-pointer:${pointer}]`);
  }
}

function checkText(
  value: unknown,
  pointer: string,
  problems: Problems,
  options: { max: number; plainOnly?: boolean },
): void {
  if (!isObject(value)) {
    problems.add('must provide an object', pointer);

    return;
  }
  if (typeof value.type !== 'string' || !TEXT_TYPES.has(value.type)) {
    problems.add('must be a valid enum value', `${pointer}/type`);
  } else if (options.plainOnly && value.type !== 'plain_text') {
    problems.add('must be a valid enum value', `${pointer}/type`);
  }
  if (typeof value.text !== 'string') {
    problems.add('must provide a string', `${pointer}/text`);
  } else if (value.text.length === 0) {
    problems.add('must be more than 0 characters', `${pointer}/text`);
  } else if (value.text.length > options.max) {
    problems.add(`must be less than ${options.max + 1} characters`, `${pointer}/text`);
  }
}

function checkBlock(block: unknown, pointer: string, problems: Problems): void {
  if (!isObject(block)) {
    problems.add('must provide an object', pointer);

    return;
  }
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string' || block.block_id.length > 255) {
      problems.add('must be less than 256 characters', `${pointer}/block_id`);
    }
  }
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.add('must provide either text or fields', pointer);
      }
      if (block.text !== undefined)
        checkText(block.text, `${pointer}/text`, problems, { max: 3000 });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0) {
          problems.add('must provide a non-empty array', `${pointer}/fields`);
        } else if (block.fields.length > 10) {
          problems.add('no more than 10 items allowed', `${pointer}/fields`);
        } else {
          block.fields.forEach((field, index) =>
            checkText(field, `${pointer}/fields/${index}`, problems, { max: 2000 }),
          );
        }
      }

      return;
    case 'header':
      checkText(block.text, `${pointer}/text`, problems, { max: 150, plainOnly: true });

      return;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        problems.add('must provide a non-empty array', `${pointer}/elements`);
      } else if (block.elements.length > 10) {
        problems.add('no more than 10 items allowed', `${pointer}/elements`);
      } else {
        block.elements.forEach((element, index) => {
          if (isObject(element) && element.type === 'image') return;
          checkText(element, `${pointer}/elements/${index}`, problems, { max: 3000 });
        });
      }

      return;
    case 'divider':
      return;
    case 'image':
      if (typeof block.image_url !== 'string' && !isObject(block.slack_file)) {
        problems.add('must provide either image_url or slack_file', pointer);
      }
      if (typeof block.alt_text !== 'string' || block.alt_text.length === 0) {
        problems.add('must be more than 0 characters', `${pointer}/alt_text`);
      }

      return;
    default:
      if (typeof block.type === 'string' && OTHER_BLOCK_TYPES.has(block.type)) return;
      problems.add(`unsupported type: ${String(block.type)}`, `${pointer}/type`);
  }
}

/**
 * Validates a `blocks` argument: a JSON string (form bodies) or an array (JSON bodies). Checks the
 * layout rules of the blocks a notification uses (section, header, context, divider, image);
 * other known block types are accepted as they are.
 */
export function checkBlocks(value: unknown): BlocksCheck {
  let blocks: unknown = value;
  if (typeof value === 'string') {
    try {
      blocks = JSON.parse(value);
    } catch {
      return { ok: false, error: 'invalid_blocks_format' };
    }
  }
  if (!Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };

  const problems = new Problems();
  if (blocks.length > MAX_BLOCKS) {
    problems.add(`no more than ${MAX_BLOCKS} items allowed`, '/blocks');
  } else {
    const ids = new Set<string>();
    blocks.forEach((block, index) => {
      checkBlock(block, `/blocks/${index}`, problems);
      const id = isObject(block) ? block.block_id : undefined;
      if (typeof id !== 'string') return;
      if (ids.has(id)) problems.add('block_id must be unique', `/blocks/${index}/block_id`);
      ids.add(id);
    });
  }

  return problems.messages.length === 0
    ? { ok: true, blocks }
    : { ok: false, error: 'invalid_blocks', messages: problems.messages };
}

/** Parses an `attachments` argument; undefined when it is not a JSON array. */
export function parseAttachments(value: unknown): unknown[] | undefined {
  let attachments: unknown = value;
  if (typeof value === 'string') {
    try {
      attachments = JSON.parse(value);
    } catch {
      return undefined;
    }
  }

  return Array.isArray(attachments) ? attachments : undefined;
}
