import type { WidgetStrings } from '../index.ts';

/** Strings of LatentSpaces, in Chinese. */
export const latentSpaces: WidgetStrings['latentSpaces'] = {
  aeTitle: '自编码器',
  vaeTitle: '变分自编码器',
  aeShort: 'AE',
  vaeShort: 'VAE',
  trainBoth: '同时训练',
  pause: '暂停',
  trainFromScratch: '从头训练',
  pretrainedFailed: (model, why) => `预训练的 ${model} 未能加载（${why}），只能从未训练的状态开始。`,
  heldBack: '组件不在视野内，训练已暂停；回到这里后会继续。',
  step: (step) => `第 ${step} 步`,
  loss: (loss) => `损失 ${loss} 奈特`,
  lossWithKl: (loss, kl) => `损失 ${loss} 奈特，其中 KL 项 ${kl}`,
  scatterLabel: (count, model) => `${count} 个留出数字在${model}的二维隐空间中的位置，每个都画成它本身的数字`,
  classCentresSummary: '以文字列出各类的中心',
  classCentre: (digit, x, y) => `数字 ${digit} 位于 (${x}, ${y})`,
  listSeparator: '；',
  loading: '正在加载预训练模型……',
  decodedImage: (x, y) => `在 (${x}, ${y}) 处解码出的数字`,
  decodedAt: (x, y) => `解码位置 (${x}, ${y})`,
  clickToDecode: '点击图中任一处，解码该点。',
  caption:
    '每个标记是一个留出数字，放在编码器给它的位置上。普通自编码器可以随意使用这个平面；VAE 的 KL 项把隐变量约束在原点附近，所以类别之间的空白处解码出来仍然像数字。',
};
