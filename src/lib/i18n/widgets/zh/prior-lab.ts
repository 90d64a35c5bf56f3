import type { WidgetStrings } from '../index.ts';

/** Strings of PriorLab, in Chinese. */
export const priorLab: WidgetStrings['priorLab'] = {
  label: '先验实验台：一个 PixelCNN 先验学习 VQ-VAE 的码字',
  mnist: 'MNIST 手写数字',
  fashionMnist: 'Fashion-MNIST 服饰',
  digits: '数字',
  clothes: '服饰',
  trainingSeries: '训练批次',
  heldOutSeries: '留出码字',
  unigramSeries: '一元熵基线',
  ghostSeries: '上一次运行（留出）',
  summary: (step, images, bits, unigram) => `第 ${step} 步：先验为留出${images}的码字每个隐变量花 ${bits} 比特；不看上下文则要 ${unigram} 比特。`,
  loadError: (message) => `模型未能加载：${message}`,
  rejected: (why) => `有一步被拒绝，权重保持不变：${why}`,
  stoppedDiverged: '训练已停止：损失发散。',
  stoppedFailed: '训练已停止：出错。',
  stoppedBecause: (message) => `训练已停止：${message}`,
  scratchNotice: '已换成一个权重随机的新先验，上一次运行以虚线保留。按「训练」，看它从零学起。',
  datasetNotice: (dataset) => `已加载 ${dataset} 的预训练模型和先验，上一次运行以虚线保留。`,
  stepBefore: '第',
  counters: (parameters, batch) => ` 步 · ${parameters} 个参数 · 每批 ${batch} 个网格`,
  dataset: '数据集',
  train: '训练',
  pause: '暂停',
  scratch: '从头训练先验',
  preparing: '正在把训练图像编码成码字网格，之后开始第一步……',
  chartLabel: '每个隐变量的比特数随训练步的变化：训练批次、留出码字和一元熵基线',
  yLabel: '每个隐变量的比特数',
  caption: (images) =>
    `留出码字取自前 ${images} 张测试图像，训练时每隔几秒打一次分。一元熵基线是这些码字出现频率的熵，也就是先验不看周围码字时每个隐变量要花的比特数。`,
};
