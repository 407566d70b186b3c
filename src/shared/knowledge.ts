import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../core/concepts/knowledgeBase';

let kb: KnowledgeBase | undefined;

/** The knowledge base, parsed on first use: activation itself never pays for it. */
export function knowledgeBase(): KnowledgeBase {
  return (kb ??= new KnowledgeBase(loadContent()));
}
