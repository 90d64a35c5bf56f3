import type { Lang } from '../content/chapter-schema.ts';

/** Interface strings per language; every language must define every key. */
export const ui = {
  en: {
    siteTitle: 'VQ-VAE, explained live',
    siteTagline: 'Vector-quantised autoencoders, from first principles, with models that train in your browser.',
    skipToContent: 'Skip to content',
    contents: 'Contents',
    chapters: 'Chapters',
    chapterNumber: (n: number) => `Chapter ${n}`,
    previous: 'Previous',
    next: 'Next',
    minutesRead: (n: number) => `${n} min read`,
    themeToggle: 'Toggle dark mode',
    themeLight: 'Light',
    themeDark: 'Dark',
    language: 'Language',
    credits: 'Credits and licences',
    notes: 'Notes',
    embeddedEncodeDecode: 'The encode–decode widget, embedded with an iframe',
    tableOf: (columns: string) => `Table of ${columns}`,
    glossaryEnglish: 'English term',
    glossaryChinese: 'Chinese term',
    backToNote: (n: number) => `Back to note ${n}`,
    reference: 'Reference',
    notation: 'Notation',
    measurements: 'Measurements',
    referencePages: 'Reference pages',
    previousPage: 'Previous',
    nextPage: 'Next',
    referenceText: 'Two pages to keep beside the chapters: every symbol they use, and every figure they quote, with how it was measured.',
    draftNote: 'This chapter is a draft: the prose is short and its widgets are still being built.',
    untranslated: 'Not yet translated; the English chapters are listed below.',
    heroLead:
      'Seven chapters go from predicting an image one pixel at a time to the discrete codes that many image generators now build on. Each formula is explained in words, and each idea comes with a real model that trains in this page, for you to change and watch.',
    heroFigure: 'Sixteen digits invented as you watch: a small prior picks 49 codes for each, and the decoder draws them.',
    heroStart: 'Start with chapter 1',
    chapterMap: 'The chapter map',
    yourEngine: 'Your engine',
    yourEngineText:
      'The widgets train real models in a Web Worker on the fastest backend your browser offers: WebGPU, then WebGL, WebAssembly and plain JavaScript.',
  },
  zh: {
    siteTitle: 'VQ-VAE 现场讲解',
    siteTagline: '从基本原理讲向量量化自编码器，模型就在你的浏览器里训练。',
    skipToContent: '跳到正文',
    contents: '目录',
    chapters: '章节',
    chapterNumber: (n: number) => `第 ${n} 章`,
    previous: '上一章',
    next: '下一章',
    minutesRead: (n: number) => `约 ${n} 分钟`,
    themeToggle: '切换深色模式',
    themeLight: '浅色',
    themeDark: '深色',
    language: '语言',
    credits: '致谢与许可',
    notes: '注释',
    embeddedEncodeDecode: '用 iframe 嵌入的编码–解码交互组件',
    tableOf: (columns: string) => `表格：${columns}`,
    glossaryEnglish: '英文术语',
    glossaryChinese: '中文术语',
    backToNote: (n: number) => `返回注释 ${n}`,
    reference: '参考',
    notation: '符号表',
    measurements: '实测数据',
    referencePages: '参考资料',
    previousPage: '上一页',
    nextPage: '下一页',
    referenceText: '两页可以放在各章旁边查阅：各章用到的每个符号，以及各章引用的每个数字和它的测量条件。',
    draftNote: '本章仍是草稿：正文较短，交互组件尚在制作中。',
    untranslated: '中文章节正在翻译中，下面先列出英文章节。',
    heroLead: '七章内容，从逐个像素地预测图像，讲到如今许多图像生成模型所依赖的离散编码。每个公式都有文字解释，每个想法都配有一个在本页训练的真实模型，你可以调整它并观察结果。',
    heroFigure: '眼前正在生成的十六个数字：一个小先验为每个数字挑选 49 个编码，再由解码器画出来。',
    heroStart: '从第 1 章开始',
    chapterMap: '章节地图',
    yourEngine: '你的计算引擎',
    yourEngineText: '交互组件在 Web Worker 中训练真实模型，按 WebGPU、WebGL、WebAssembly、纯 JavaScript 的顺序选用浏览器提供的最快后端。',
  },
} as const satisfies Record<Lang, Record<string, string | ((n: number) => string) | ((text: string) => string)>>;

/** Human-readable name of each language, in that language. */
export const languageNames: Record<Lang, string> = { en: 'English', zh: '中文' };

/** The interface strings for one language. */
export function t(lang: Lang) {
  return ui[lang];
}
