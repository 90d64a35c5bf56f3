import type { WidgetStrings } from '../index.ts';

/** Strings of HeroSamples, in Chinese. */
export const heroSamples: WidgetStrings['heroSamples'] = {
  caption: '模型创造出的十六个数字：先验为每个数字挑选 49 个码字，再由解码器画出来。',
  image: (position, total) => `十六个采样出的数字，每个已画出 ${total} 个码字中的 ${position} 个`,
};
