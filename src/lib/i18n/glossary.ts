/**
 * One glossary for the Chinese edition: each technical term's English form and the Chinese term the
 * chapters, the widgets and the reference pages use for it. A Chinese chapter gives the English term in
 * brackets the first time a reader meets it, e.g. 码本（codebook）; after that, the Chinese term alone.
 * Tests check that the Chinese chapters use these terms and not stray synonyms.
 */
export interface GlossaryEntry {
  /** The term as the English chapters write it. */
  en: string;
  /** The one Chinese term for it. */
  zh: string;
  /** Chinese words a translator might reach for instead; a Chinese chapter must not use them. */
  avoid?: string[];
}

/** Every term, keyed by a stable id. */
export const glossary = {
  vectorQuantisation: { en: 'vector quantisation', zh: '向量量化', avoid: ['矢量量化'] },
  vqvae: { en: 'VQ-VAE', zh: 'VQ-VAE' },
  autoencoder: { en: 'autoencoder', zh: '自编码器', avoid: ['自动编码器'] },
  variationalAutoencoder: { en: 'variational autoencoder', zh: '变分自编码器', avoid: ['变分自动编码器'] },
  encoder: { en: 'encoder', zh: '编码器' },
  decoder: { en: 'decoder', zh: '解码器' },
  codebook: { en: 'codebook', zh: '码本', avoid: ['编码本', '代码本', '码表'] },
  code: { en: 'code', zh: '码字', avoid: ['码元'] },
  codeGrid: { en: 'code grid', zh: '码字网格' },
  latent: { en: 'latent', zh: '隐变量', avoid: ['潜变量'] },
  latentSpace: { en: 'latent space', zh: '隐空间', avoid: ['潜空间', '潜在空间'] },
  quantiser: { en: 'quantiser', zh: '量化器' },
  nearestNeighbourLookup: { en: 'nearest-neighbour lookup', zh: '最近邻查找' },
  straightThroughEstimator: { en: 'straight-through estimator', zh: '直通估计', avoid: ['直通估算'] },
  stopGradient: { en: 'stop-gradient', zh: '梯度截断', avoid: ['停止梯度'] },
  reconstructionLoss: { en: 'reconstruction loss', zh: '重建损失', avoid: ['重构损失'] },
  codebookLoss: { en: 'codebook loss', zh: '码本损失' },
  commitmentLoss: { en: 'commitment loss', zh: '承诺损失' },
  exponentialMovingAverage: { en: 'exponential moving average', zh: '指数滑动平均', avoid: ['指数移动平均'] },
  laplaceSmoothing: { en: 'Laplace smoothing', zh: '拉普拉斯平滑' },
  onlineKMeans: { en: 'online k-means', zh: '在线 k-means' },
  deadCode: { en: 'dead code', zh: '死码字' },
  deadCodeRestart: { en: 'dead-code restart', zh: '死码字重启' },
  perplexity: { en: 'perplexity', zh: '困惑度' },
  prior: { en: 'prior', zh: '先验' },
  posterior: { en: 'posterior', zh: '后验' },
  aggregatePosterior: { en: 'aggregate posterior', zh: '聚合后验' },
  posteriorCollapse: { en: 'posterior collapse', zh: '后验坍缩', avoid: ['后验崩塌', '后验崩溃'] },
  reparameterisation: { en: 'reparameterisation trick', zh: '重参数化技巧' },
  elbo: { en: 'evidence lower bound', zh: '证据下界' },
  klDivergence: { en: 'KL divergence', zh: 'KL 散度' },
  crossEntropy: { en: 'cross-entropy', zh: '交叉熵' },
  autoregressive: { en: 'autoregressive', zh: '自回归' },
  chainRule: { en: 'chain rule', zh: '链式法则' },
  rasterOrder: { en: 'raster order', zh: '光栅顺序', avoid: ['栅格顺序'] },
  maskedConvolution: { en: 'masked convolution', zh: '掩码卷积', avoid: ['遮罩卷积', '掩膜卷积'] },
  receptiveField: { en: 'receptive field', zh: '感受野' },
  blindSpot: { en: 'blind spot', zh: '盲区' },
  temperature: { en: 'temperature', zh: '温度' },
  bitsPerLatent: { en: 'bits per latent', zh: '每个隐变量的比特数' },
  unigramEntropy: { en: 'unigram entropy', zh: '一元熵' },
  heldOut: { en: 'held-out', zh: '留出' },
  learningRate: { en: 'learning rate', zh: '学习率' },
  batch: { en: 'batch', zh: '批次' },
  backend: { en: 'backend', zh: '后端' },
  voronoiCell: { en: 'Voronoi cell', zh: 'Voronoi 单元' },
  pca: { en: 'principal component analysis', zh: '主成分分析' },
  oneHot: { en: 'one-hot', zh: '独热' },
  residualVq: { en: 'residual VQ', zh: '残差量化' },
  fsq: { en: 'finite scalar quantisation', zh: '有限标量量化' },
  rotationTrick: { en: 'rotation trick', zh: '旋转技巧' },
  cosineLookup: { en: 'cosine lookup', zh: '余弦查找' },
  lowDimensionalLookup: { en: 'low-dimensional lookup', zh: '低维查找' },
  hierarchy: { en: 'hierarchy of codes', zh: '分层码字' },
  selfAttention: { en: 'self-attention', zh: '自注意力' },
  gatedUnit: { en: 'gated unit', zh: '门控单元' },
  trainingStep: { en: 'training step', zh: '训练步' },
} as const satisfies Record<string, GlossaryEntry>;

/** The id of a glossary term. */
export type TermId = keyof typeof glossary;
