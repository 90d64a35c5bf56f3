import type { WidgetStrings } from '../index.ts';

/** Strings of ResidualStages, in Chinese. */
export const residualStages: WidgetStrings['residualStages'] = {
  startError: (message) => `残差模型未能启动：${message}`,
  oneStage: (stages) => `这个检查点只有 ${stages} 级，没有可比较的`,
  pickDigit: '挑一个测试数字',
  stagesControl: '解码器看到的级数',
  stagesOf: (stages, total) => `${stages} / ${total}`,
  stagesValue: (stages, total) => `${total} 级中的前 ${stages} 级`,
  inputImage: '测试数字',
  input: '输入',
  reconstructionImage: (stages, _one) => `用前 ${stages} 级码字重建出的图像`,
  reconstruction: (stages, _one) => `前 ${stages} 级`,
  missingImage: '还缺的部分：数字与重建之差',
  missing: '还缺的部分',
  stagesList: '每一级之后的重建及其误差',
  stageButton: (stage, error, _one) => `${stage}：${error}，即用前 ${stage} 级时的误差`,
  summary: (stages, total, error, first, examples, means) =>
    `用 ${total} 级中的前 ${stages} 级时，这个数字的重建误差是 ${error}` +
    (first ? `，只用 1 级时是 ${first}` : '') +
    `。${examples} 个测试数字上的平均误差，用前 1 到 ${total} 级时依次是 ${means}。`,
  listSeparator: '、',
  loading: '正在加载残差模型……',
  caption: (total, codebookSize) =>
    `一个 tiny VQ-VAE，带 ${total} 个码本，每个码本 ${codebookSize} 个码字，一起训练。第 1 级为编码器的输出挑选最近的码字；之后每一级都为剩下的残差挑一个码字。解码器看到的是所选各级码字之和。误差是每个像素的均方误差，像素值在 [0, 1] 内。`,
};
