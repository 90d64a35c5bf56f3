import type { WidgetStrings } from '../index.ts';

/** A space between a Latin word or number and Chinese, none between Chinese and Chinese. */
const before = (text: string) => (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$/.test(text) ? text : `${text} `);
const after = (text: string) => (/^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(text) ? text : ` ${text}`);

/** Strings of TrainingLab, in Chinese. */
export const trainingLab: WidgetStrings['trainingLab'] = {
  label: '训练实验台：一个在你的浏览器里训练的 VQ-VAE',
  step: '步数',
  stepsPerSecond: (rate) => `每秒 ${rate} 步`,
  parameters: (count) => `${count} 个参数`,

  beta: 'β（承诺权重）',
  betaSlider: 'β',
  betaExact: 'β 的精确值',
  learningRate: '学习率',
  restart: (patience) => `重启闲置 ${patience} 步的码字`,
  emaDecay: 'EMA 衰减率 λ',

  newModel: '新模型：改动以下设置会换一个模型',
  codebookSize: '码本大小 K',
  codeDim: '码字长度 D',
  codebookUpdate: '码本更新方式',
  updateLoss: '码本损失',
  updateEma: 'EMA',
  dataset: '数据集',
  network: '网络预设',
  presetTiny: 'tiny（快）',
  presetR1: 'r1（Keras 示例所用）',

  train: '训练',
  pause: '暂停',
  stepOnce: '单步',
  apply: '应用：换新模型',
  reset: '重置为未训练',
  compare: '显示上一次运行',
  logScale: '对数坐标',

  pending: 'K、D、码本更新方式、数据集和网络预设决定模型的形状或数据，所以应用它们会换一个新模型。当前这次运行会留在图表上，方便对比。',
  linkProblem: (problem) => `链接要求的设置实验台做不到，已忽略：${problem}`,
  heldBack: '实验台不在视野内，训练已暂停；回来后会继续。',
  pretrainedFailed: (why) => `预训练模型无法加载（${why}），所以这个模型从未训练的状态开始。`,

  ghostPretrained: (steps, batchSize, heldOut) => `虚线：预训练运行，共 ${steps} 步，每批 ${batchSize} 张图像${heldOut}。实验台打开时的模型就是这样训练出来的。`,
  heldOutEnd: (error) => `，最终留出误差为 ${error}`,
  ghostContinues: (step, batchSize) => `按「训练」会从第 ${step} 步接着训练，每批 ${batchSize} 张。`,
  ghostBeside: '这次运行在它旁边从头开始。',
  ghostPrevious: (steps) => `虚线：上一次运行，共 ${steps} 步，和这次一样从它的起点数起。`,

  pretrainedRun: '预训练运行',
  previousRun: '上一次运行',
  ofRun: (line, run) => `${line}（${run}）`,
  reconstruction: '重建',
  codebook: '码本',
  commitment: '承诺（乘以 β 之前）',
  perplexity: '困惑度',
  deadCodes: '死码字',

  lossAxis: '损失',
  lossChart: (log) => `重建损失、码本损失和承诺损失随训练步的变化${log ? '，对数坐标' : ''}`,
  stepsContinue: '横轴是预训练模型的训练步数，你的训练接着它往下数。',
  stepsSince: '横轴是每次运行开始后的步数。',
  linesCoincide: '码本损失和承诺损失的数值相同，所以两条线重合；不同的只是它们的梯度。',
  usageAxis: '码字',
  usageChart: '码字使用的困惑度和死码字个数随训练步的变化',
  histogram: '最近一个批次中每个码字被选中的次数',
  trainToSee: '训练一步，就能看到哪些码字被用到。',
  histogramCaption: '最近一个批次的码字使用情况；死码字是平贴底部的橙色短线。',
  projection: '编码器输出和码本向量在前两个主成分上的投影',
  projectionCaption: (images) => `${images} 张测试图像的编码器输出（圆点）和码字（方块；死码字画成叉），投影到输出的前两个主成分上。`,
  summary: (step, reconstruction, codebook, perplexity, codebookSize, dead) =>
    `第 ${step} 步：重建误差 ${reconstruction}，码本损失 ${codebook}，困惑度 ${perplexity}（共 ${codebookSize} 个码字），死码字 ${dead} 个。`,

  testImages: '测试图像',
  reconstructions: '模型对上面这些测试图像的重建',
  examplesCaption: '上排：留出的测试图像。下排：模型从它们的 7×7 码字网格重建出的图像。',

  checkpoints: '检查点',
  download: '下载检查点',
  store: '保存在此浏览器',
  restore: '恢复保存的副本',
  openFiles: '打开检查点文件…',
  downloaded: '检查点已下载：一个 .json 文件和它的 .weights.bin。',
  stored: '已保存在此浏览器（IndexedDB）。',
  restored: '已恢复保存在此浏览器中的副本。',
  loaded: (files) => `已加载 ${files}。`,
  weightsOnly: '它只含权重（较早的检查点），所以训练的统计量从头开始：Adam 的动量、EMA 平均值和死码字计数都重新累积。',
  keepFailed: (full, name) =>
    `无法保存在此浏览器：${full ? '浏览器给本站的存储空间已满' : `浏览器拒绝了 IndexedDB（${name}），隐私浏览模式下或禁用了网站数据时就会这样`}。屏幕上的模型保持不变，训练照常进行；可以改用“下载检查点”把它存成文件。`,
  openFailed: (name) => `无法打开保存在此浏览器中的副本：浏览器拒绝了 IndexedDB（${name}）。屏幕上的模型保持不变。`,
  nothingKept: '此浏览器中还没有保存的副本：请先点“保存在此浏览器”。',
  and: ' 和 ',
  sentences: (first, second) => `${first}${second}`,

  refusals: {
    names: { beta: 'β', learningRate: '学习率', codebookSize: 'K', codeDim: 'D', emaDecay: 'EMA 衰减率' },
    number: (name, min, max, got) => `${before(name)}应为 ${min} 到 ${max} 之间的数，收到的是${after(got)}。`,
    wholeNumber: (name, min, max, got) => `${before(name)}应为 ${min} 到 ${max} 之间的整数，收到的是${after(got)}。`,
    oneOf: (key, first, second, got) => `${before(key)}应为 ${first} 或 ${second}，收到的是${after(got)}。`,
    nothing: '空值',
  },
};
